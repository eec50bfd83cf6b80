from . import formation_session_book
