"""Pure rules of the 集団指導 registration: no file, Excel or network access here."""
