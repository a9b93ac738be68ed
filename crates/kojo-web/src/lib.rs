//! kojo-web: The multi-user web application.
