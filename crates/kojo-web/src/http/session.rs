//! Sessions kept in the database (tower-sessions' store over [`crate::store::Store`]).

use crate::service::access::SESSION_USER;
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
    let data =
        serde_json::to_string(record).map_err(|e| session_store::Error::Encode(e.to_string()))?;
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
        let Some(data) = self
            .store
            .session_load(&session_id.to_string())
            .await
            .map_err(store_err)?
        else {
            return Ok(None);
        };
        // A record we cannot decode (e.g. written by another version) is treated as absent.
        Ok(serde_json::from_str(&data).ok())
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        self.store
            .session_delete(&session_id.to_string())
            .await
            .map_err(store_err)
    }
}
