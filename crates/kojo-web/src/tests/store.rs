//! The store on its own: migrations in step, audit rows written with the change.

use super::Backend;
use crate::store::{self, Role};

#[test]
fn both_backends_ship_the_same_migration_versions() {
    let (sqlite, pg) = store::shipped_migrations();
    assert!(!sqlite.is_empty());
    assert_eq!(
        sqlite, pg,
        "migrations/sqlite and migrations/postgres must list the same versions"
    );
}

#[tokio::test]
async fn store_round_trip_on_every_backend() {
    for b in Backend::all() {
        let (s, _db) = b.open().await;
        let (shipped, _) = store::shipped_migrations();
        assert_eq!(s.migration_versions().await.unwrap_or_default(), shipped);

        let u = s
            .create_user("ann", "hash", false, None)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        // A taken name is a conflict, not a crash.
        assert!(matches!(
            s.create_user("ann", "hash", false, None).await,
            Err(store::StoreError::Conflict(_))
        ));
        let f = s
            .create_factory("Plant", &u)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let m = s.membership(&u, &f).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            m.map(|m| m.role),
            Some("admin".to_string()),
            "the creator administers the factory"
        );

        let v1 = s
            .save_model(&f, "version: 1\n", &u, "first")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let v2 = s
            .save_model(&f, "version: 1\n# two\n", &u, "")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((v1.version, v2.version), (1, 2));
        let latest = s.latest_model(&f).await.unwrap_or_default().map(|m| m.yaml);
        assert_eq!(latest.as_deref(), Some("version: 1\n# two\n"));

        s.set_answer(&f, "p1", "item.a", "yes", "contract §4", &u)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        s.set_answer(&f, "p1", "item.a", "partial", "", &u)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        s.set_answer(&f, "p2", "item.a", "no", "", &u)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let p1 = s.answers(&f, Some("p1")).await.unwrap_or_default();
        assert_eq!(p1.len(), 1);
        assert_eq!(p1[0].answer, "partial");
        assert_eq!(s.answers(&f, None).await.unwrap_or_default().len(), 2);

        // The supplier role needs a party, and the database says so too.
        let v = s
            .create_user("sup", "hash", false, None)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            s.set_membership(&v, &f, Role::Supplier, None, &u)
                .await
                .is_err()
        );
        s.set_membership(&v, &f, Role::Supplier, Some("p1"), &u)
            .await
            .unwrap_or_else(|e| panic!("{e}"));

        let log = s.audit_log(Some(&f), 100).await.unwrap_or_default();
        let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
        for want in [
            "factory.create",
            "model.save",
            "checklist.answer",
            "membership.set",
        ] {
            assert!(actions.contains(&want), "audit lacks {want}: {actions:?}");
        }
        let changed = log
            .iter()
            .find(|e| e.action == "checklist.answer" && e.before.is_some())
            .unwrap_or_else(|| panic!("no answer change with a before value"));
        assert!(changed.before.as_deref().unwrap_or("").contains("\"yes\""));
        assert!(
            changed
                .after
                .as_deref()
                .unwrap_or("")
                .contains("\"partial\"")
        );

        assert_eq!(s.integrity_check().await.ok(), Some(Ok(())));
        s.close().await;
    }
}
