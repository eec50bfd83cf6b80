from . import fulltext, text_extract
