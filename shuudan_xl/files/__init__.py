"""Reading and writing workbooks without Excel."""
