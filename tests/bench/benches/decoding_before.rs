//! COPIED BENCH INPUT, not generated here: `SessionListResponse` and
//! `SessionItemView` as main's generator wrote them into
//! `generated/src/types.rs` (commit b6c329b) before structs kept the
//! properties they do not declare: no `#[serde(flatten)]` map, so serde
//! skips unknown keys. Only the paths changed (the crate's re-exports of
//! `uuid` and `chrono`, the `defaults` functions inlined below) and the docs were
//! dropped. The `decoding` bench decodes the same bytes into these and into
//! today's generated types. Do not regenerate.

use browser_use_client::types::SessionStatus;
use browser_use_client::{chrono, uuid};

#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct SessionItemView {
    pub id: uuid::Uuid,
    pub status: SessionStatus,
    #[serde(rename = "liveUrl", default, skip_serializing_if = "Option::is_none")]
    pub live_url: Option<String>,
    #[serde(
        rename = "recordingUrl",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub recording_url: Option<String>,
    #[serde(rename = "startedAt")]
    pub started_at: chrono::DateTime<chrono::Utc>,
    #[serde(
        rename = "finishedAt",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub finished_at: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(rename = "persistMemory")]
    pub persist_memory: bool,
    #[serde(rename = "keepAlive")]
    pub keep_alive: bool,
    #[serde(
        rename = "proxyUsedMb",
        default = "defaults::session_item_view_proxy_used_mb"
    )]
    pub proxy_used_mb: String,
    #[serde(
        rename = "proxyCost",
        default = "defaults::session_item_view_proxy_cost"
    )]
    pub proxy_cost: String,
}

#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct SessionListResponse {
    pub items: Vec<SessionItemView>,
    #[serde(rename = "totalItems")]
    pub total_items: i64,
    #[serde(rename = "pageNumber")]
    pub page_number: i64,
    #[serde(rename = "pageSize")]
    pub page_size: i64,
}

mod defaults {
    pub(super) fn session_item_view_proxy_used_mb() -> String {
        String::from("0")
    }
    pub(super) fn session_item_view_proxy_cost() -> String {
        String::from("0")
    }
}
