"""shuudan-xl: register e-learning 集団指導 viewers without a single wrong character."""

__version__ = "0.1.0"
