//! Sessions kept in the database (tower-sessions' store over [`crate::store::Store`]).

use crate::service::access::{SESSION_USER, SESSION_USER_ROW};
use crate::store::Store;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// tower-sessions store on kojo's own database (`sessions` table), so that sessions survive
/// restarts and the server holds no session state in memory.
#[derive(Debug, Clone)]
pub struct DbSessionStore {
    pub store: Store,
}

fn store_err(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn record_parts(record: &Record) -> session_store::Result<(String, Option<String>, String, i64)> {
    let encode = |r: &Record| {
        serde_json::to_string(r).map_err(|e| session_store::Error::Encode(e.to_string()))
    };
    // The user row read with the record is the database's, not the session's: never stored.
    let data = if record.data.contains_key(SESSION_USER_ROW) {
        let mut r = record.clone();
        r.data.remove(SESSION_USER_ROW);
        encode(&r)?
    } else {
        encode(record)?
    };
    let user = record
        .data
        .get(SESSION_USER)
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let expires = record.expiry_date.unix_timestamp().saturating_mul(1000);
    Ok((record.id.to_string(), user, data, expires))
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            let (id, user, data, expires) = record_parts(record)?;
            if self
                .store
                .session_create(&id, user.as_deref(), &data, expires)
                .await
                .map_err(store_err)?
            {
                return Ok(());
            }
            // A 128-bit id collision: draw another.
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let (id, user, data, expires) = record_parts(record)?;
        self.store
            .session_save(&id, user.as_deref(), &data, expires)
            .await
            .map_err(store_err)
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        let Some((data, user)) = self
            .store
            .session_load_with_user(&session_id.to_string())
            .await
            .map_err(store_err)?
        else {
            return Ok(None);
        };
        // A record we cannot decode (e.g. written by another version) is treated as absent.
        let Ok(mut record) = serde_json::from_str::<Record>(&data) else {
            return Ok(None);
        };
        if let Some(user) = user.and_then(|u| serde_json::to_value(u).ok()) {
            record.data.insert(SESSION_USER_ROW.to_string(), user);
        }
        Ok(Some(record))
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        self.store
            .session_delete(&session_id.to_string())
            .await
            .map_err(store_err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The user row the store hands to the request is never written back with the session.
    #[test]
    fn the_user_row_is_not_stored_with_the_session() {
        let mut record = Record {
            id: Id::default(),
            data: Default::default(),
            expiry_date: time::OffsetDateTime::UNIX_EPOCH,
        };
        record
            .data
            .insert(SESSION_USER.to_string(), serde_json::json!("u1"));
        record.data.insert(
            SESSION_USER_ROW.to_string(),
            serde_json::json!({"id": "u1", "username": "ann", "is_admin": 0, "lang": "en", "created_at": 1}),
        );
        let (_, user, data, _) = record_parts(&record).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(user.as_deref(), Some("u1"));
        assert!(data.contains("\"uid\""), "{data}");
        assert!(
            !data.contains(SESSION_USER_ROW) && !data.contains("ann"),
            "{data}"
        );
    }
}
