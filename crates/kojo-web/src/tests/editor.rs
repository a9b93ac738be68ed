//! The model editor's forms and their API twins: create, edit and delete each kind;
//! validation by field with nothing saved; references kept whole; stale versions refused;
//! the audit log; the assessment recomputed from the new version.

use super::{Backend, World, form, json};
use axum::http::StatusCode;
use serde_json::{Value, json as j};

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

async fn call(
    w: &World,
    who: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let (s, out) = w
        .send(Some(who), method, path, body.map(|b| (JSON, b.to_string())))
        .await;
    let v = serde_json::from_str(&out).unwrap_or(Value::String(out));
    (s, v)
}

async fn version(w: &World) -> i64 {
    let path = format!("/api/v1/factories/{}/model", w.fa);
    call(w, "viewer", "GET", &path, None).await.1["version"]
        .as_i64()
        .unwrap_or_else(|| panic!("no model version"))
}

async fn model(w: &World) -> kojo_model::Model {
    let path = format!("/api/v1/factories/{}/model", w.fa);
    let yaml = call(w, "viewer", "GET", &path, None).await.1["yaml"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    crate::service::models::check(&yaml)
        .unwrap_or_else(|p| panic!("stored model invalid: {p:?}"))
        .0
}

fn with_base(mut v: Value, base: i64) -> Value {
    v["base_version"] = j!(base);
    v
}

/// Posts `body` as `who` and asserts the status; returns the answer.
async fn expect(
    w: &World,
    method: &str,
    path: &str,
    body: Option<Value>,
    want: StatusCode,
) -> Value {
    let (s, out) = call(w, "editor", method, path, body).await;
    assert_eq!(s, want, "{method} {path}: {out}");
    out
}

fn catalog_ids() -> (String, String) {
    let cat = crate::service::models::catalog().unwrap_or_else(|e| panic!("{e}"));
    let measure = cat
        .measures()
        .first()
        .map(|m| m.id.clone())
        .unwrap_or_else(|| panic!("catalog has no measures"));
    let task = cat
        .tasks()
        .find_map(|t| t.key.clone())
        .unwrap_or_else(|| panic!("catalog has no tasks"));
    (measure, task)
}

#[tokio::test]
async fn each_kind_is_created_edited_and_deleted_through_the_api() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let api = format!("/api/v1/factories/{}", w.fa);
        let orig = model(&w).await;
        let (measure, task) = catalog_ids();
        let v0 = version(&w).await;

        // Create one of each, each on the version the previous one made.
        let creates = [
            (
                "parties",
                j!({"id": "cloudco", "name": "Cloud monitoring", "kind": "cloud-service",
                "contract": {"security_measures": false, "service_levels": true}}),
            ),
            (
                "operations",
                j!({"id": "remote-monitoring", "name": "Remote monitoring",
                "importance": "high", "performed_by": "cloudco", "tasks": [task]}),
            ),
            (
                "assets",
                j!({"id": "remote-pc", "name": "Remote PC", "kind": "equipment",
                "role": "workstation", "zones": ["oa"], "operations": ["remote-monitoring"],
                "importance": {"safety": "low", "delivery": "high"},
                "traits": ["remote-access", "general-purpose"], "supplier": "cloudco",
                "addresses": ["10.0.0.5", "10.0.1.0/28"]}),
            ),
            (
                "flows",
                j!({"id": "remote-to-plc", "from": "remote-pc", "to": "line-plc",
                "data": ["recipes"], "control": true, "automated": true, "network": "internet",
                "via": [], "protocol": "https", "protections": ["encryption"], "status": "new"}),
            ),
            (
                "measures",
                j!({"measure": measure, "scope": ["flow:remote-to-plc", "zone:oa"],
                "status": "planned", "owner": "it-systems", "due": "2027-03-31"}),
            ),
        ];
        let mut v = v0;
        let mut keys = Vec::new();
        for (sec, body) in creates {
            let out = expect(
                &w,
                "POST",
                &format!("{api}/{sec}"),
                Some(with_base(body, v)),
                StatusCode::CREATED,
            )
            .await;
            assert_eq!(out["version"].as_i64(), Some(v + 1), "{sec}: {out}");
            v += 1;
            keys.push((sec, out["key"].as_str().unwrap_or_default().to_string()));
        }
        assert_eq!(keys[4], ("measures", "1".to_string()));
        let list = expect(&w, "GET", &format!("{api}/measures"), None, StatusCode::OK).await;
        assert_eq!(list["version"].as_i64(), Some(v));
        assert_eq!(list["entries"][0]["key"], "1");
        assert_eq!(
            list["entries"][0]["scope"],
            j!(["flow:remote-to-plc", "zone:oa"])
        );
        let list = expect(&w, "GET", &format!("{api}/assets"), None, StatusCode::OK).await;
        let pc = list["entries"]
            .as_array()
            .and_then(|e| e.iter().find(|a| a["key"] == "remote-pc").cloned())
            .unwrap_or_else(|| panic!("{list}"));
        assert_eq!(pc["importance"]["delivery"], "high");
        assert!(pc.get("base_version").is_none(), "{pc}");
        let m = model(&w).await;
        let p = m
            .party("cloudco")
            .unwrap_or_else(|| panic!("party not saved"));
        let c = p.contract.clone().unwrap_or_default();
        assert_eq!(
            (c.security_measures, c.service_levels, c.incident_response),
            (Some(false), Some(true), None)
        );
        let o = m
            .operation("remote-monitoring")
            .unwrap_or_else(|| panic!("operation not saved"));
        assert_eq!(
            o.performed_by,
            kojo_model::Responsible::Party("cloudco".into())
        );
        assert_eq!(o.tasks, vec![task.clone()]);
        let a = m
            .asset("remote-pc")
            .unwrap_or_else(|| panic!("asset not saved"));
        assert_eq!(a.zones, vec!["oa".to_string()]);
        assert_eq!(a.importance.delivery, Some(kojo_model::Level::High));
        assert!(a.has_trait(kojo_model::AssetTrait::RemoteAccess));
        assert_eq!(a.addresses.len(), 2);
        let f = m
            .flow("remote-to-plc")
            .unwrap_or_else(|| panic!("flow not saved"));
        assert_eq!(f.from, kojo_model::Endpoint::Asset("remote-pc".into()));
        assert!(f.control && f.automated);
        assert_eq!(f.network, kojo_model::Network::Internet);
        assert_eq!(f.data, vec!["recipes".to_string()]);
        assert_eq!(m.measures.len(), 1);
        assert_eq!(
            m.measures[0].due.map(|d| d.to_string()).as_deref(),
            Some("2027-03-31")
        );
        // The rest of the model survived the round trip.
        assert_eq!(m.supply_chain.len(), orig.supply_chain.len());
        assert!(m.flow("mes-to-plc").is_some());

        // Edit each.
        let edits = [
            (
                "parties/cloudco",
                j!({"name": "Cloud monitoring Ltd", "kind": "cloud-service",
                "contract": {"security_measures": true}}),
            ),
            (
                "operations/remote-monitoring",
                j!({"name": "Remote monitoring", "importance": "low"}),
            ),
            (
                "assets/remote-pc",
                j!({"name": "Remote PC", "kind": "equipment", "zones": ["oa"],
                "traits": ["remote-access", "oss"]}),
            ),
            (
                "flows/remote-to-plc",
                j!({"from": "remote-pc", "to": "production", "control": true,
                "network": "vpn", "protocol": "opc-ua"}),
            ),
            (
                "measures/1",
                j!({"measure": measure, "status": "implemented"}),
            ),
        ];
        for (path, body) in edits {
            let out = expect(
                &w,
                "PUT",
                &format!("{api}/{path}"),
                Some(with_base(body, v)),
                StatusCode::OK,
            )
            .await;
            assert_eq!(out["version"].as_i64(), Some(v + 1), "{path}: {out}");
            v += 1;
        }
        let m = model(&w).await;
        assert_eq!(
            m.party("cloudco").map(|p| p.name.as_str()),
            Some("Cloud monitoring Ltd")
        );
        assert_eq!(
            m.party("cloudco")
                .and_then(|p| p.contract.clone())
                .and_then(|c| c.service_levels),
            None,
            "an edit replaces the whole entry"
        );
        assert_eq!(
            m.operation("remote-monitoring").and_then(|o| o.importance),
            Some(kojo_model::Level::Low)
        );
        assert!(
            m.asset("remote-pc")
                .is_some_and(|a| a.has_trait(kojo_model::AssetTrait::Oss))
        );
        let f = m
            .flow("remote-to-plc")
            .unwrap_or_else(|| panic!("flow lost"));
        assert_eq!(
            (f.to.clone(), f.network),
            (
                kojo_model::Endpoint::Zone("production".into()),
                kojo_model::Network::Vpn
            )
        );
        assert_eq!(m.measures[0].status, kojo_model::MeasureStatus::Implemented);
        assert!(m.measures[0].scope.is_empty());

        // Delete them again, the referring ones first.
        for path in [
            "measures/1",
            "flows/remote-to-plc",
            "assets/remote-pc",
            "operations/remote-monitoring",
            "parties/cloudco",
        ] {
            let out = expect(
                &w,
                "DELETE",
                &format!("{api}/{path}?base_version={v}"),
                None,
                StatusCode::OK,
            )
            .await;
            assert_eq!(out["version"].as_i64(), Some(v + 1), "{path}: {out}");
            v += 1;
        }
        let m = model(&w).await;
        assert_eq!(
            (
                m.assets.len(),
                m.flows.len(),
                m.parties.len(),
                m.operations.len(),
                m.measures.len()
            ),
            (
                orig.assets.len(),
                orig.flows.len(),
                orig.parties.len(),
                orig.operations.len(),
                0
            )
        );
        let (s, _) = call(
            &w,
            "editor",
            "PUT",
            &format!("{api}/measures/1"),
            Some(with_base(j!({"measure": measure, "status": "planned"}), v)),
        )
        .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn zones_are_created_edited_and_deleted_and_a_change_without_its_version_is_refused() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let api = format!("/api/v1/factories/{}", w.fa);
        let v = version(&w).await;
        let out = expect(
            &w,
            "POST",
            &format!("{api}/zones"),
            Some(with_base(
                j!({
            "id": "cloud", "name": "Cloud", "kind": "external", "owner": "it-systems",
            "managed_by": "whtech", "status": "new", "target_sl": "2"}),
                v,
            )),
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(out["key"], "cloud");
        let z = model(&w)
            .await
            .zone("cloud")
            .cloned()
            .unwrap_or_else(|| panic!("zone not saved"));
        assert_eq!(
            z.managed_by,
            kojo_model::Responsible::Party("whtech".into())
        );
        assert_eq!(
            (z.owner.as_deref(), z.target_sl, z.status),
            (Some("it-systems"), Some(2), kojo_model::Status::New)
        );
        // The whole zone with `base_version` through the zone route; a bad owner is shown on its field.
        let out = expect(
            &w,
            "PUT",
            &format!("{api}/zones/cloud"),
            Some(with_base(
                j!({
            "name": "Cloud", "kind": "external", "owner": "nobody"}),
                v + 1,
            )),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(out["problems"][0]["field"], "owner", "{out}");
        expect(
            &w,
            "PUT",
            &format!("{api}/zones/cloud"),
            Some(with_base(
                j!({
            "name": "Cloud service", "kind": "external"}),
                v + 1,
            )),
            StatusCode::OK,
        )
        .await;
        let z = model(&w)
            .await
            .zone("cloud")
            .cloned()
            .unwrap_or_else(|| panic!("zone lost"));
        assert_eq!(
            (z.name.as_str(), z.managed_by.clone(), z.target_sl),
            ("Cloud service", kojo_model::Responsible::InHouse, None)
        );
        // Without `base_version` nothing is saved (428): it could replace a newer version.
        let v = version(&w).await;
        expect(
            &w,
            "PUT",
            &format!("{api}/zones/oa"),
            Some(j!({"name": "Office", "kind": "information", "target_sl": "1"})),
            StatusCode::PRECONDITION_REQUIRED,
        )
        .await;
        assert_eq!(version(&w).await, v);
        let out = expect(
            &w,
            "DELETE",
            &format!("{api}/zones/oa?base_version={v}"),
            None,
            StatusCode::CONFLICT,
        )
        .await;
        let msg = out["error"].as_str().unwrap_or_default();
        assert!(
            msg.contains("assets mes-server (zone)") && msg.contains("assets recipes (zones)"),
            "{msg}"
        );
        expect(
            &w,
            "DELETE",
            &format!("{api}/zones/cloud?base_version={v}"),
            None,
            StatusCode::OK,
        )
        .await;
        assert!(model(&w).await.zone("cloud").is_none());
        // The page form of a zone posts to the model page's zone route with its version.
        let v = version(&w).await.to_string();
        let body = form(&[
            ("base_version", &v),
            ("name", "OA zone"),
            ("kind", "information"),
            ("owner", "production-engineering"),
            ("managed_by", "in-house"),
            ("status", "changed"),
            ("target_sl", "3"),
        ]);
        let (s, _) = w
            .send(
                Some("editor"),
                "POST",
                &format!("/f/{}/zones/oa", w.fa),
                Some((FORM, body)),
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let oa = model(&w)
            .await
            .zone("oa")
            .cloned()
            .unwrap_or_else(|| panic!("zone lost"));
        assert_eq!(
            (oa.owner.as_deref(), oa.status, oa.target_sl),
            (
                Some("production-engineering"),
                kojo_model::Status::Changed,
                Some(3)
            )
        );
    }
}

#[tokio::test]
async fn invalid_values_are_refused_by_field_and_nothing_is_saved() {
    let w = World::new(&Backend::Sqlite).await;
    let api = format!("/api/v1/factories/{}", w.fa);
    let v = version(&w).await;
    let field_problems = |out: &Value| -> Vec<(String, String)> {
        out["problems"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|p| {
                (
                    p["field"].as_str().unwrap_or("").to_string(),
                    p["message"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    // Words outside the format's vocabularies, caught before the model is built.
    let out = expect(
        &w,
        "PUT",
        &format!("{api}/assets/line-plc"),
        Some(with_base(
            j!({
        "name": "", "kind": "robot-arm", "zones": ["production"], "traits": ["shiny"],
        "addresses": ["10.0.0.300"], "importance": {"safety": "extreme"}}),
            v,
        )),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let ps = field_problems(&out);
    for field in ["name", "kind", "traits", "addresses", "importance.safety"] {
        assert!(
            ps.iter().any(|(f, _)| f == field),
            "no problem for {field}: {out}"
        );
    }
    assert!(
        ps.iter()
            .any(|(f, m)| f == "kind" && m.contains("equipment, software, data")),
        "{out}"
    );
    // References and ids, caught by the same check as `kojo check`, mapped to their fields.
    let out = expect(
        &w,
        "POST",
        &format!("{api}/flows"),
        Some(with_base(
            j!({
        "id": "cad-to-plc", "from": "mes-server", "to": "no-such-plc", "data": ["line-plc"]}),
            v,
        )),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let ps = field_problems(&out);
    assert!(
        ps.iter()
            .any(|(f, m)| f == "to" && m.contains("no-such-plc")),
        "{out}"
    );
    assert!(
        ps.iter()
            .any(|(f, m)| f == "data" && m.contains("line-plc")),
        "{out}"
    );
    let out = expect(
        &w,
        "POST",
        &format!("{api}/assets"),
        Some(with_base(
            j!({
        "id": "line-plc", "name": "Second PLC", "kind": "equipment", "zones": ["production"]}),
            v,
        )),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(field_problems(&out).iter().any(|(f, _)| f == "id"), "{out}");
    let out = expect(
        &w,
        "POST",
        &format!("{api}/assets"),
        Some(with_base(
            j!({
        "id": "Bad Id", "name": "X", "kind": "equipment", "zones": ["production", "oa"]}),
            v,
        )),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        field_problems(&out)
            .iter()
            .any(|(f, m)| f == "zones" && m.contains("exactly one")),
        "{out}"
    );
    let out = expect(
        &w,
        "POST",
        &format!("{api}/measures"),
        Some(with_base(
            j!({
        "measure": "msr-no-such", "status": "planned", "due": "2027-02-30", "scope": ["cellar:x"]}),
            v,
        )),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let ps = field_problems(&out);
    assert!(
        ps.iter().any(|(f, _)| f == "due") && ps.iter().any(|(f, _)| f == "scope"),
        "{out}"
    );
    let out = expect(
        &w,
        "POST",
        &format!("{api}/measures"),
        Some(with_base(
            j!({
        "measure": "msr-no-such", "status": "planned"}),
            v,
        )),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        field_problems(&out).iter().any(|(f, _)| f == "measure"),
        "{out}"
    );
    // An id cannot be changed by an edit.
    let out = expect(
        &w,
        "PUT",
        &format!("{api}/parties/whtech"),
        Some(with_base(
            j!({
        "id": "wh", "name": "W", "kind": "cloud-service"}),
            v,
        )),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(field_problems(&out).iter().any(|(f, _)| f == "id"), "{out}");
    assert_eq!(version(&w).await, v, "a refused change saved a version");
    // Roles: viewers and suppliers may not edit; other factories' users learn nothing.
    for (who, want) in [
        ("viewer", StatusCode::FORBIDDEN),
        ("supplier", StatusCode::FORBIDDEN),
        ("outsider", StatusCode::NOT_FOUND),
    ] {
        let (s, _) = call(
            &w,
            who,
            "DELETE",
            &format!("{api}/flows/mes-to-plc?base_version={v}"),
            None,
        )
        .await;
        assert_eq!(s, want, "{who}");
    }
    assert_eq!(version(&w).await, v);
}

#[tokio::test]
async fn deletes_that_leave_references_and_stale_versions_are_refused() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let api = format!("/api/v1/factories/{}", w.fa);
        let v = version(&w).await;
        let out = expect(
            &w,
            "DELETE",
            &format!("{api}/assets/line-plc?base_version={v}"),
            None,
            StatusCode::CONFLICT,
        )
        .await;
        let msg = out["error"].as_str().unwrap_or_default();
        assert!(msg.contains("flows mes-to-plc (to)"), "{msg}");
        let out = expect(
            &w,
            "DELETE",
            &format!("{api}/assets/recipes?base_version={v}"),
            None,
            StatusCode::CONFLICT,
        )
        .await;
        assert!(
            out["error"]
                .as_str()
                .unwrap_or_default()
                .contains("flows mes-to-plc (data)"),
            "{out}"
        );
        let out = expect(
            &w,
            "DELETE",
            &format!("{api}/parties/agv-maker?base_version={v}"),
            None,
            StatusCode::CONFLICT,
        )
        .await;
        let msg = out["error"].as_str().unwrap_or_default();
        assert!(
            msg.contains("assets line-plc (supplier)") && msg.contains("supply_chain"),
            "{msg}"
        );
        assert_eq!(version(&w).await, v, "a refused delete saved a version");
        assert!(model(&w).await.asset("line-plc").is_some());

        // A form made from an older version is refused; so is one that does not say.
        let body = j!({"name": "Line PLC 2", "kind": "equipment", "zones": ["production"]});
        expect(
            &w,
            "PUT",
            &format!("{api}/assets/line-plc"),
            Some(with_base(body.clone(), v)),
            StatusCode::OK,
        )
        .await;
        let out = expect(
            &w,
            "PUT",
            &format!("{api}/assets/line-plc"),
            Some(with_base(
                j!({"name": "Lost update", "kind": "equipment", "zones": ["production"]}),
                v,
            )),
            StatusCode::CONFLICT,
        )
        .await;
        assert!(
            out["error"]
                .as_str()
                .unwrap_or_default()
                .contains(&format!("version {v}")),
            "{out}"
        );
        expect(
            &w,
            "DELETE",
            &format!("{api}/flows/mes-to-plc?base_version={v}"),
            None,
            StatusCode::CONFLICT,
        )
        .await;
        expect(
            &w,
            "PUT",
            &format!("{api}/assets/line-plc"),
            Some(body),
            StatusCode::PRECONDITION_REQUIRED,
        )
        .await;
        assert_eq!(version(&w).await, v + 1);
        assert_eq!(
            model(&w)
                .await
                .asset("line-plc")
                .map(|a| a.name.clone())
                .as_deref(),
            Some("Line PLC 2")
        );

        // The store refuses a stale base on its own too (two saves racing past the page's check).
        let by = w
            .store
            .user_by_name("editor")
            .await
            .ok()
            .flatten()
            .map(|u| u.id)
            .unwrap_or_default();
        let r = w
            .store
            .save_model_from(
                &w.fa,
                v,
                super::MODEL,
                &by,
                "race",
                crate::store::Audit::default(),
            )
            .await;
        assert!(
            matches!(r, Err(crate::store::StoreError::Stale(_))),
            "stale save accepted"
        );
    }
}

#[tokio::test]
async fn a_change_is_audited_and_the_assessment_follows_it() {
    let w = World::new(&Backend::Sqlite).await;
    let api = format!("/api/v1/factories/{}", w.fa);
    let kinds = |a: &Value| -> Vec<(String, Vec<String>)> {
        a["findings"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|f| {
                (
                    f["kind"].as_str().unwrap_or("").to_string(),
                    f["subjects"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|s| s.as_str().map(str::to_string))
                        .collect(),
                )
            })
            .collect()
    };
    let before = kinds(
        &call(&w, "viewer", "GET", &format!("{api}/assessment"), None)
            .await
            .1,
    );
    let v = version(&w).await;
    // An engineering PC in the OA zone that drives the line PLC without human review, over
    // the internet: the OA zone now mixes assets that drive control with ones that do not.
    expect(
        &w,
        "POST",
        &format!("{api}/assets"),
        Some(with_base(
            j!({
        "id": "cad-pc", "name": "CAD PC", "kind": "equipment", "role": "engineering-station",
        "zones": ["oa"], "importance": {"quality": "high"}}),
            v,
        )),
        StatusCode::CREATED,
    )
    .await;
    expect(
        &w,
        "POST",
        &format!("{api}/flows"),
        Some(with_base(
            j!({
        "id": "cad-to-plc", "from": "cad-pc", "to": "line-plc", "control": true,
        "automated": true, "network": "internet"}),
            v + 1,
        )),
        StatusCode::CREATED,
    )
    .await;
    let after = kinds(
        &call(&w, "viewer", "GET", &format!("{api}/assessment"), None)
            .await
            .1,
    );
    let split = |list: &[(String, Vec<String>)]| {
        list.iter()
            .any(|(k, s)| k == "zone-split-control-origin" && s.iter().any(|s| s == "zone:oa"))
    };
    assert!(!split(&before), "{before:?}");
    assert!(
        split(&after),
        "the new flow raised no zone-split-control-origin finding: {after:?}"
    );
    assert!(
        after
            .iter()
            .any(|(_, s)| s.iter().any(|s| s == "flow:cad-to-plc")),
        "{after:?}"
    );

    let (s, log) = call(&w, "admin", "GET", &format!("{api}/audit"), None).await;
    assert_eq!(s, StatusCode::OK);
    let entry = log
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .find(|e| e["action"] == "flow.create")
        .unwrap_or_else(|| panic!("no flow.create in the audit log: {log}"));
    assert_eq!(entry["target"], "flow:cad-to-plc");
    let after_v = json(entry["after"].as_str().unwrap_or("{}"));
    assert_eq!(after_v["version"].as_i64(), Some(v + 2));
    assert_eq!(after_v["entity"]["from"], "cad-pc");
    assert!(entry["before"].is_null());
    assert!(entry["user_id"].as_str().is_some_and(|u| !u.is_empty()));
    expect(
        &w,
        "PUT",
        &format!("{api}/flows/cad-to-plc"),
        Some(with_base(
            j!({
        "from": "cad-pc", "to": "line-plc", "control": true}),
            v + 2,
        )),
        StatusCode::OK,
    )
    .await;
    let log = call(&w, "admin", "GET", &format!("{api}/audit"), None)
        .await
        .1;
    let upd = log
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .find(|e| e["action"] == "flow.update")
        .unwrap_or_else(|| panic!("no flow.update: {log}"));
    assert!(
        json(upd["before"].as_str().unwrap_or("{}"))["automated"] == true,
        "{upd}"
    );
    assert!(
        json(upd["after"].as_str().unwrap_or("{}"))["entity"]["automated"] == false,
        "{upd}"
    );
}

#[tokio::test]
async fn the_pages_keep_typed_values_and_show_problems_beside_fields() {
    let w = World::new(&Backend::Sqlite).await;
    let fa = w.fa.clone();
    let v = version(&w).await.to_string();
    let (s, html) = w
        .send(Some("editor"), "GET", &format!("/f/{fa}/flows"), None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains(&format!("href=\"/f/{fa}/flows/mes-to-plc\"")),
        "{html}"
    );
    assert!(
        html.contains("<option value=\"line-plc\">"),
        "the ends are not a select of the model's assets"
    );
    let bad = form(&[
        ("base_version", &v),
        ("id", "cad-to-plc"),
        ("from", "mes-server"),
        ("to", "ghost-plc"),
        ("protocol", "s7comm-plus"),
        ("protections", "encryption"),
        ("control", "true"),
        ("network", "internal"),
    ]);
    let (s, html) = w
        .send(
            Some("editor"),
            "POST",
            &format!("/f/{fa}/flows"),
            Some((FORM, bad)),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("id=\"problem-to\"") && html.contains("ghost-plc"),
        "{html}"
    );
    assert!(
        html.contains("Nothing was saved: correct the fields"),
        "{html}"
    );
    assert!(
        html.contains("value=\"s7comm-plus\""),
        "typed protocol lost: {html}"
    );
    assert!(
        html.contains("value=\"encryption\" checked"),
        "ticked protection lost"
    );
    assert_eq!(version(&w).await.to_string(), v);

    let good = form(&[
        ("base_version", &v),
        ("id", "cad-to-plc"),
        ("from", "mes-server"),
        ("to", "line-plc"),
        ("protocol", "s7comm-plus"),
        ("protections", "encryption"),
        ("protections", "authentication"),
        ("control", "true"),
        ("network", "internal"),
        ("status", "new"),
    ]);
    let (s, _) = w
        .send(
            Some("editor"),
            "POST",
            &format!("/f/{fa}/flows"),
            Some((FORM, good.clone())),
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let f = model(&w)
        .await
        .flow("cad-to-plc")
        .cloned()
        .unwrap_or_else(|| panic!("flow not saved"));
    assert_eq!(f.protections.len(), 2);
    assert_eq!(f.status, kojo_model::Status::New);
    // The same form again is stale now: refused, with the values kept.
    let (s, html) = w
        .send(
            Some("editor"),
            "POST",
            &format!("/f/{fa}/flows/cad-to-plc"),
            Some((FORM, good)),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(
        html.contains("changed since this form was opened")
            && html.contains("value=\"s7comm-plus\""),
        "{html}"
    );
    // A refused delete names the reference on the page.
    let v = version(&w).await.to_string();
    let (s, html) = w
        .send(
            Some("editor"),
            "POST",
            &format!("/f/{fa}/assets/mes-server/delete"),
            Some((FORM, form(&[("base_version", &v)]))),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(
        html.contains("mes-to-plc") && html.contains("cad-to-plc"),
        "{html}"
    );
    // A viewer reads the form but gets no buttons; Japanese labels for Japanese users.
    let (s, html) = w
        .send(
            Some("viewer"),
            "GET",
            &format!("/f/{fa}/assets/line-plc"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(!html.contains("id=\"save-entity\"") && !html.contains("id=\"delete-entity\""));
    assert!(html.contains("Line PLC"));
    assert!(
        html.contains("list=\"list-role\"")
            && html.contains("<option value=\"engineering-station\">"),
        "no role suggestions"
    );
    w.send(
        Some("editor"),
        "POST",
        "/settings/lang",
        Some((FORM, "lang=ja".into())),
    )
    .await;
    let (_, html) = w
        .send(
            Some("editor"),
            "GET",
            &format!("/f/{fa}/assets/line-plc"),
            None,
        )
        .await;
    assert!(
        html.contains("重要度: 安全") && html.contains("削除"),
        "{html}"
    );
    let v = version(&w).await.to_string();
    let bad = form(&[
        ("base_version", &v),
        ("id", "newco"),
        ("name", " "),
        ("kind", ""),
    ]);
    let (s, html) = w
        .send(
            Some("editor"),
            "POST",
            &format!("/f/{fa}/parties"),
            Some((FORM, bad)),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("保存されていません")
            && html.contains("入力してください")
            && html.contains("次から選んでください"),
        "{html}"
    );
}

#[tokio::test]
async fn the_openapi_document_lists_the_editor() {
    let w = World::new(&Backend::Sqlite).await;
    let doc = json(&w.send(None, "GET", "/api/v1/openapi.json", None).await.1);
    for sec in [
        "zones",
        "assets",
        "flows",
        "parties",
        "operations",
        "measures",
    ] {
        let coll = &doc["paths"][format!("/api/v1/factories/{{fid}}/{sec}")];
        let param = if sec == "zones" { "zid" } else { "key" };
        let item = &doc["paths"][format!("/api/v1/factories/{{fid}}/{sec}/{{{param}}}")];
        assert!(
            coll.get("post").is_some() && coll.get("get").is_some(),
            "no GET/POST {sec}"
        );
        assert!(
            item.get("put").is_some() && item.get("delete").is_some(),
            "no PUT/DELETE {sec}"
        );
    }
    assert!(doc["components"]["schemas"].get("FlowIn").is_some());
    assert!(
        doc["paths"].get("/api/v1/factories/{fid}/model").is_some(),
        "merge lost the main API"
    );
}

#[tokio::test]
async fn cross_site_editor_posts_are_refused_and_save_nothing() {
    use axum::http::{Request, header};
    let w = World::new(&Backend::Sqlite).await;
    let v = version(&w).await.to_string();
    let page = format!("/f/{}/assets/mes-server/delete", w.fa);
    let api = format!(
        "/api/v1/factories/{}/flows/mes-to-plc?base_version={v}",
        w.fa
    );
    let req = |method: &str, path: &str, origin: Option<&str>| {
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "kojo.test")
            .header(header::COOKIE, &w.cookies["editor"]);
        if let Some(o) = origin {
            b = b.header(header::ORIGIN, o);
        }
        b
    };
    let body = || Some((FORM, form(&[("base_version", &v)])));
    for origin in [Some("http://evil.test"), None] {
        let (s, _) = w.raw(req("POST", &page, origin), body()).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "page delete from {origin:?}");
        let (s, _) = w.raw(req("DELETE", &api, origin), None).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "API delete from {origin:?}");
    }
    assert_eq!(
        version(&w).await.to_string(),
        v,
        "a refused request saved a version"
    );
    // From the app's own origin the API delete goes through (the flow is not referenced).
    let (s, _) = w.raw(req("DELETE", &api, Some(super::ORIGIN)), None).await;
    assert_eq!(s, StatusCode::OK);
}
