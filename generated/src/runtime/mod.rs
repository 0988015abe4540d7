// Copied by `cargo xtask codegen` from `generator/runtime/`, do not edit.
//! The hand-written part of every generated crate: the HTTP client, its
//! errors, and serde helpers of the generated types. Its source is
//! `generator/runtime/` in the generator's repository, copied verbatim.

// Which of these helpers a crate uses depends on its spec (an API without
// path parameters never encodes a path segment): unused ones are expected.
#![allow(dead_code, unused_imports)]
// Nothing a server sends makes the client panic: outside tests, nothing
// here unwraps, indexes out of range or gives up with a macro.
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::todo,
        clippy::unimplemented,
        clippy::unreachable,
        clippy::string_slice,
    )
)]

// What only some APIs need is compiled only in their crates: waiting for
// operations that finish after their request (`cfg(waits)`), paging
// (`cfg(pages)`) and the typed bodies of error answers (`cfg(error_bodies)`),
// set by the crate's generated `build.rs` when its spec and settings have them.
mod client;
mod error;
mod multipart;
#[cfg(pages)]
mod pagination;
mod serde_helpers;

pub use client::{CallOptions, Client, ClientBuilder, RetryOptions, Secret};
#[cfg(waits)]
pub use client::WaitOptions;
/// The HTTP method of a call by path ([`Client::call`]).
pub use reqwest::Method;
pub use multipart::Upload;
#[cfg(pages)]
pub use pagination::{NextPage, Page, Paginator};
pub use error::{ApiError, DecodeError, Error, TransportError};
#[cfg(waits)]
pub use error::{OperationFailed, OperationTimedOut};
#[cfg(pages)]
pub use error::RepeatedCursor;

pub(crate) use serde_helpers::{decode_struct, decode_tagged, required_field, skip_value, DecodeStruct, DecodeTagged, Key};
pub(crate) use serde_helpers::{deserialize_nullable, deserialize_open_enum, null_as_default};
pub(crate) use serde_helpers::{field_nullable, field_optional, field_or_default, field_required, fields_not_listed};
pub(crate) use client::{path_json, path_label, path_matrix, path_segment};
pub(crate) use client::{Credential, ParameterStyle, Request, Response};
#[cfg(error_bodies)]
pub(crate) use client::decode_error_body;
pub(crate) use multipart::{MultipartBody, Parts};
#[cfg(pages)]
pub(crate) use pagination::{PageParts, PageStyle};
