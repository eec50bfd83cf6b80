from . import demo_files, fulltext, text_extract
