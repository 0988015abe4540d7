//! Generates typed Rust SDK crates from OpenAPI 3.0 and 3.1 documents, and
//! from Swagger 2.0 ones (converted on load).
//!
//! The pipeline has one module per phase:
//! [`load`] (text to `openapiv3`), `lower` (spec to the [`ir`]), the IR
//! passes ([`naming`], `order`, `boxing`, `defaults`), `emit` (IR to tokens) and
//! [`format`] (tokens to text). [`generate`] runs them all and returns the
//! files of the crate, in memory; [`write_output`] writes them to a
//! directory as one step, or checks that it holds them. What differs
//! between APIs is [`Settings`], built in code or read from a TOML file
//! ([`SettingsFile`]; every key is in the settings reference of the
//! project's README).
//!
//! The `openapi-codegen` command of this package does all of it for a spec
//! file; a project's own build task (an `xtask`) can do the same:
//!
//! ```
//! use openapi_codegen::{generate, parse_spec, write_output, Mode, SettingsFile, Written};
//!
//! let spec = parse_spec("pets.yaml", r##"
//! openapi: 3.0.3
//! info: {title: Pet Store, version: "1.0"}
//! servers: [{url: "https://pets.example.com/v1"}]
//! paths:
//!   /pets/{petId}:
//!     get:
//!       operationId: getPet
//!       tags: [pets]
//!       parameters:
//!         - {name: petId, in: path, required: true, schema: {type: string}}
//!       responses:
//!         "200":
//!           description: The pet.
//!           content:
//!             application/json:
//!               schema: {$ref: "#/components/schemas/Pet"}
//! components:
//!   schemas:
//!     Pet:
//!       type: object
//!       required: [id, name]
//!       properties:
//!         id: {type: string}
//!         name: {type: string}
//! "##)?;
//!
//! // The settings, from a settings file (`SettingsFile::load(path)`), from
//! // TOML text as here, or built in code (`Settings::new("pet-store")`).
//! let toml = r#"
//!     [package]
//!     name = "pet-store"
//!     version = "1.0.0"
//!
//!     [client]
//!     base-url-env = "PET_STORE_URL"
//!
//!     [client.default-headers]
//!     user-agent = "pet-store-rust/{crate_version}"
//! "#;
//! let settings = SettingsFile::parse("pets.toml", ".", toml)?.to_settings(&spec)?;
//!
//! // Problems in the spec are an `Error` listing all of them, each located;
//! // warnings (fallbacks taken) come with the output.
//! let output = generate(&spec, &settings)?;
//! for warning in &output.warnings {
//!     eprintln!("{warning}");
//! }
//!
//! let dir = std::env::temp_dir().join(format!("pet-store-{}", std::process::id()));
//! let written = write_output(&output.files, &dir, Mode::Write)?;
//! assert!(matches!(written, Written::Updated { .. }));
//! let manifest = std::fs::read_to_string(dir.join("Cargo.toml"))?;
//! assert!(manifest.contains("name = \"pet-store\""));
//!
//! // In CI: `Written::Stale`, with a diff, when the crate on disk is not
//! // what the spec makes.
//! assert_eq!(write_output(&output.files, &dir, Mode::Check)?, Written::Current);
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]
// No spec, however malformed, makes the generator panic: a bad spec is a
// diagnostic. Outside tests, nothing may unwrap, index out of range or
// give up with a macro; the few justified exceptions are marked where they are.
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

mod boxing;
mod defaults;
pub mod diagnostics;
mod emit;
pub mod features;
pub mod format;
pub mod ir;
pub mod load;
mod lower;
pub mod naming;
mod order;
mod returns;
mod type_docs;
pub mod settings;
pub mod write;

pub use diagnostics::{Diagnostic, DiagnosticKind, Diagnostics, Error, Pointer, Severity};
pub use load::{declared_operations, load_spec, parse_spec, parse_spec_at, Bundled, LocalTargets, SourceVersion, Spec};
pub use settings::{SettingsError, SettingsFile};
pub use write::{write_output, Mode, Written};

/// The hand-written runtime every generated crate includes, by path in the crate.
pub(crate) const RUNTIME: &[(&str, &str)] = &[
    ("src/runtime/client.rs", include_str!("../runtime/client.rs")),
    ("src/runtime/error.rs", include_str!("../runtime/error.rs")),
    ("src/runtime/mod.rs", include_str!("../runtime/mod.rs")),
    ("src/runtime/multipart.rs", include_str!("../runtime/multipart.rs")),
    ("src/runtime/pagination.rs", include_str!("../runtime/pagination.rs")),
    ("src/runtime/serde_helpers.rs", include_str!("../runtime/serde_helpers.rs")),
];

/// In the value of a default header, stands for the generated crate's version.
pub const CRATE_VERSION: &str = "{crate_version}";

/// How the generated client talks to the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSettings {
    /// Where requests go by default; the spec's first server when `None`.
    pub base_url: Option<String>,
    /// An environment variable that, when set, overrides the base URL.
    pub base_url_env: Option<String>,
    /// Headers sent with every request; [`CRATE_VERSION`] in a value
    /// stands for the crate's version.
    pub default_headers: Vec<(String, String)>,
    /// Response headers that carry the server's request id, in order of preference.
    pub request_id_headers: Vec<String>,
    /// Where in the JSON body of an error answer its machine-readable kind
    /// is: JSON pointers, the first that holds a string wins.
    pub error_type_pointers: Vec<String>,
    /// Where in the JSON body of an error answer its message is: JSON
    /// pointers, the first that holds a string wins.
    pub error_message_pointers: Vec<String>,
    /// The Cargo feature that enables endpoints marked undocumented (see
    /// [`ExtensionSettings::undocumented`]).
    pub undocumented_feature: String,
    /// How list endpoints page, when they do.
    pub pagination: PaginationSettings,
    /// Operations that finish after their request, and what waits for them.
    pub wait: Option<WaitSettings>,
    /// Whether the spec's `components/securitySchemes` become `ClientBuilder`
    /// methods and each endpoint sends the credentials its `security` asks
    /// for. Off for a crate whose credentials are hand-written.
    pub spec_security: bool,
}

/// Endpoints whose result is an operation that finishes later (a job, a
/// long-running operation). Their method passes the result through
/// `client.<method>(result, &client.wait_options())`, a method a
/// hand-written module defines, and a `…_without_waiting` twin does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitSettings {
    /// The vendor extension that marks such endpoints.
    pub extension: String,
    /// The `Client` method that waits.
    pub method: String,
    /// The component schema of the operation: only methods that return it wait.
    pub schema: String,
}

/// How list endpoints page. An endpoint pages when its request and
/// response fit the explicit [`PagingStyle`] or, with `detect`, one of the
/// common styles the spec shows without doubt; it then gets a `…_pages`
/// method that returns a `Paginator`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaginationSettings {
    /// The style the API pages in, tried first on every endpoint.
    pub style: Option<PagingStyle>,
    /// Whether an endpoint the explicit style does not fit pages when its
    /// request and response show exactly one of the common styles by
    /// their usual names (`cursor` and `next_cursor`, `starting_after` and
    /// `has_more`, a `Link` header, `offset`, `page`).
    pub detect: bool,
    /// A JSON pointer to the response's list of items (`/data`); the empty
    /// pointer is the whole body. Without it: the property the
    /// response-key extension names, the body when it is a list, or the
    /// one list property of the body.
    pub items: Option<String>,
}

impl Default for PaginationSettings {
    fn default() -> Self {
        PaginationSettings { style: None, detect: true, items: None }
    }
}

/// One way of paging: what the request sends to ask for the next page,
/// and what in the response says which page is next. Property names are
/// JSON names of a query parameter or a request body property; pointers
/// are JSON pointers into the response body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagingStyle {
    /// The response gives the next page's cursor, which the next request
    /// sends (`page_cursor` from `/pagination/next_page_cursor`;
    /// Slack: `cursor` from `/response_metadata/next_cursor`). Paging ends
    /// with no cursor, an empty one, or `false` at `has_more`.
    Cursor {
        /// The request field that carries the cursor (`page_cursor`).
        request: String,
        /// Where the response has the next cursor (`/pagination/next_page_cursor`).
        next: String,
        /// Where the response says whether another page follows (`/pagination/has_next_page`).
        has_more: Option<String>,
    },
    /// The next request sends the last item's identifier (Stripe:
    /// `starting_after`, the last item's `id`, while `/has_more` is true).
    AfterLastItem {
        /// The request field that carries the identifier (`starting_after`).
        request: String,
        /// The item's property that identifies it (`id`).
        item_id: String,
        /// Where the response says whether another page follows (`/has_more`).
        has_more: String,
    },
    /// The response's `Link` header has the next page's URL as
    /// `rel="next"` (GitHub, RFC 8288).
    LinkHeader,
    /// The request sends how many items to skip (`offset`), which grows
    /// by the items of each page; paging ends after an empty page or one
    /// shorter than the request's `limit`.
    Offset {
        /// The request field of the offset (`offset`).
        offset: String,
        /// The request field of the most items a page holds (`limit`).
        limit: Option<String>,
    },
    /// The request sends a page number (`page`), counted from `first`;
    /// paging ends after an empty page or one shorter than the request's
    /// `size` (`per_page`).
    PageNumber {
        /// The request field of the page number (`page`).
        page: String,
        /// The request field of the most items a page holds (`per_page`).
        size: Option<String>,
        /// The number of the first page (1).
        first: u64,
    },
}

impl Default for ClientSettings {
    fn default() -> Self {
        ClientSettings {
            base_url: None,
            base_url_env: None,
            default_headers: Vec::new(),
            request_id_headers: vec!["x-request-id".to_owned(), "request-id".to_owned()],
            // The common shapes: `{"error": {"type", "message"}}`, a flat
            // `{"type", "message"}` or `{"code", "message"}`, RFC 9457
            // problem details (`type`, `title`, `detail`) and OAuth's
            // `{"error", "error_description"}`.
            error_type_pointers: ["/error/type", "/error/code", "/type", "/code", "/error"].map(str::to_owned).to_vec(),
            error_message_pointers: ["/error/message", "/message", "/detail", "/title", "/error_description"]
                .map(str::to_owned)
                .to_vec(),
            undocumented_feature: "undocumented".to_owned(),
            pagination: PaginationSettings::default(),
            wait: None,
            spec_security: true,
        }
    }
}

/// The vendor extensions (`x-…`) that carry meaning for the generator.
/// Each is read only when named: a spec of another vendor may use the same
/// names for other things.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExtensionSettings {
    /// Names an operation's group of endpoints: a string, or a list of
    /// strings for nested groups (`[acs, users]`). Without it, the first
    /// tag or the first path segment is the group.
    pub group: Option<String>,
    /// Names an operation's method within its group. Without it, the
    /// `operationId` is. Operations of one path with the same group and
    /// method (both given by these extensions) are one endpoint, sent with
    /// one HTTP method and documented as served with the others.
    pub method: Option<String>,
    /// Names the property of the response that a method returns (the
    /// resource under its key, `{"device": {…}}`), and the list of items
    /// of an endpoint that pages.
    pub response_key: Option<String>,
    /// A human title of an operation, preferred to its `summary`.
    pub title: Option<String>,
    /// Marks operations, schemas and properties the API does not document
    /// (`true` or a reason): their operations are behind
    /// [`ClientSettings::undocumented_feature`].
    pub undocumented: Option<String>,
    /// Marks items as drafts (`true` or a reason), said in their documentation.
    pub draft: Option<String>,
    /// Marks items as deprecated (`true` or a note), like `deprecated: true`.
    pub deprecated: Option<String>,
}

/// A hand-written module added to a generated crate, for what is specific
/// to one API (its own kinds of credentials, say). Its items are re-exported at
/// the crate root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraModule {
    /// The module name.
    pub name: String,
    /// The source code.
    pub source: String,
    /// Where the source lives, as the header of the copy names it.
    pub origin: String,
    /// The top-level group of endpoints whose Cargo feature compiles the
    /// module (it uses that group's types); always compiled when `None`.
    pub group: Option<String>,
}

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The package name of the generated crate.
    pub crate_name: String,
    /// Its version.
    pub crate_version: String,
    /// Its one-line description; one made from the spec's title when `None`.
    pub description: Option<String>,
    /// Its license expression.
    pub license: String,
    /// The command that regenerates the crate, as the first line of every
    /// generated file names it.
    pub command: String,
    /// Where the spec is, as the header of each generated file names it.
    pub spec_label: String,
    /// Whether the crate is its own workspace (not a member of another).
    pub standalone: bool,
    /// How the client talks to the API.
    pub client: ClientSettings,
    /// The vendor extensions the generator reads.
    pub extensions: ExtensionSettings,
    /// Hand-written modules added to the crate.
    pub extra_modules: Vec<ExtraModule>,
    /// Dependencies the hand-written modules need, as `name` and the TOML
    /// of its requirement (`"\"0.13\""`).
    pub extra_dependencies: Vec<(String, String)>,
    /// The crate's README, which is also its documentation (its examples
    /// are doctests); a generic one when `None`.
    pub readme: Option<String>,
    /// Whether each top-level group of endpoints is a Cargo feature (all
    /// on by default), see [`features`].
    pub group_features: bool,
    /// Top-level groups that are always compiled (ones the hand-written
    /// modules use).
    pub ungated_groups: Vec<String>,
    /// Properties and parameters of requests, by name, that are whole
    /// numbers (`i64`) where the spec says `number` (counts such as
    /// `limit`, typed loosely): see [`defaults::whole_number_requests`].
    pub integer_request_properties: Vec<String>,
}

impl Settings {
    /// Settings for a crate named `crate_name`, version 0.1.0.
    pub fn new(crate_name: impl Into<String>) -> Settings {
        Settings {
            crate_name: crate_name.into(),
            crate_version: "0.1.0".to_owned(),
            description: None,
            license: "MIT OR Apache-2.0".to_owned(),
            command: "cargo xtask codegen".to_owned(),
            spec_label: "the OpenAPI document".to_owned(),
            standalone: false,
            client: ClientSettings::default(),
            extensions: ExtensionSettings::default(),
            extra_modules: Vec::new(),
            extra_dependencies: Vec::new(),
            readme: None,
            group_features: true,
            ungated_groups: Vec::new(),
            integer_request_properties: Vec::new(),
        }
    }

    /// Sets the version of the generated crate.
    pub fn with_crate_version(mut self, version: impl Into<String>) -> Settings {
        self.crate_version = version.into();
        self
    }

    /// Sets how the header of each generated file names the spec.
    pub fn with_spec_label(mut self, label: impl Into<String>) -> Settings {
        self.spec_label = label.into();
        self
    }

    /// Sets how the client talks to the API.
    pub fn with_client(mut self, client: ClientSettings) -> Settings {
        self.client = client;
        self
    }

    /// Sets the vendor extensions the generator reads.
    pub fn with_extensions(mut self, extensions: ExtensionSettings) -> Settings {
        self.extensions = extensions;
        self
    }

    /// Sets the command that regenerates the crate, as generated files name it.
    pub fn with_command(mut self, command: impl Into<String>) -> Settings {
        self.command = command.into();
        self
    }

    /// Adds a hand-written module to the crate.
    pub fn with_extra_module(mut self, module: ExtraModule) -> Settings {
        self.extra_modules.push(module);
        self
    }

    /// Adds a dependency that a hand-written module needs.
    pub fn with_extra_dependency(mut self, name: impl Into<String>, requirement: impl Into<String>) -> Settings {
        self.extra_dependencies.push((name.into(), requirement.into()));
        self
    }

    /// Sets the crate's README, which is also its documentation.
    pub fn with_readme(mut self, readme: impl Into<String>) -> Settings {
        self.readme = Some(readme.into());
        self
    }

    /// Makes the top-level group `group` always compiled.
    pub fn with_ungated_group(mut self, group: impl Into<String>) -> Settings {
        self.ungated_groups.push(group.into());
        self
    }

    /// Makes the crate its own workspace.
    pub fn with_standalone(mut self, standalone: bool) -> Settings {
        self.standalone = standalone;
        self
    }
}

/// One file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The path inside the crate, with `/` separators (`src/types.rs`).
    pub path: String,
    /// The whole text.
    pub contents: String,
}

/// A generated crate, in memory.
#[derive(Debug, Clone)]
pub struct Output {
    /// The files, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// Problems that were worked around.
    pub warnings: Vec<Diagnostic>,
    /// What the generator decided from the spec that a user may want to
    /// know, such as which endpoints page and how ([`Severity::Note`]).
    pub notes: Vec<Diagnostic>,
    /// The intermediate representation the files were made from.
    pub api: ir::Api,
    /// How long each phase took (not part of the files, which never vary).
    pub timings: Timings,
}

/// How long the phases of [`generate`] took.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Spec to IR, with the IR passes.
    pub lower: std::time::Duration,
    /// IR to token streams.
    pub emit: std::time::Duration,
    /// Token streams to text.
    pub format: std::time::Duration,
}

/// The first line of every generated file.
pub fn header(settings: &Settings) -> String {
    format!("Generated by `{}` from {}, do not edit.", settings.command, settings.spec_label)
}

/// Lowers `spec` to the IR, as `settings` ask, and runs the passes over it.
pub fn lower(spec: &Spec, settings: &Settings) -> Result<(ir::Api, Vec<Diagnostic>), Error> {
    let mut diagnostics = Diagnostics::new(&spec.file);
    let mut api = lower::lower(spec, settings, &mut diagnostics);
    naming::assign_type_names(&mut api);
    order::order_untagged_variants(&mut api);
    boxing::break_cycles(&mut api);
    boxing::box_large_fields(&mut api);
    defaults::find_defaults(&mut api);
    defaults::whole_number_requests(&mut api, &settings.integer_request_properties);
    returns::decide_returns(&mut api, &settings.client.pagination, settings.client.wait.as_ref(), &mut diagnostics);
    type_docs::describe_types(&mut api, settings);
    // Located in the document as written (a 3.1 or 2.0 one was rewritten).
    let warnings = spec.locate(diagnostics.finish())?;
    Ok((api, warnings))
}

/// What one piece of work of [`emit_and_format`] made: the text, and the
/// time spent emitting and formatting it.
type WorkResult = (Result<String, syn::Error>, std::time::Duration, std::time::Duration);

/// One piece of work of [`emit_and_format`]: a whole module, the head of
/// a module of `types` (by its index in [`emit::types_in_order`]), or a
/// part of its types.
enum Work<'a> {
    Lib,
    Config,
    Endpoints,
    TypesHead(usize),
    Types(usize, &'a [(&'a ir::TypeId, &'a ir::TypeDef)]),
}

/// Emits and formats the Rust modules, the big modules of `types` in
/// parts, on as many threads as the machine has cores, each taking the
/// next piece of work when it is done with one (token streams cannot move
/// between threads, so each part is emitted where it is formatted). The
/// text is the same whatever the number of parts. Returns the files, and
/// the time spent emitting and formatting, summed over the threads.
fn emit_and_format(
    api: &ir::Api,
    settings: &Settings,
    features: &features::Features,
    header: &str,
) -> Result<(Vec<GeneratedFile>, std::time::Duration, std::time::Duration), (String, syn::Error)> {
    let modules = emit::types_in_order(api);
    let requests = defaults::request_types(api);
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get).clamp(1, 8);
    // Small parts of the types, so that the threads finish together; the
    // biggest piece of work, `endpoints.rs`, goes first.
    let total: usize = modules.iter().map(|module| module.types.len()).sum();
    let chunk = total.div_ceil(threads * 8).max(1);
    let mut work = vec![Work::Endpoints, Work::Lib, Work::Config];
    for (index, module) in modules.iter().enumerate() {
        work.push(Work::TypesHead(index));
        work.extend(module.types.chunks(chunk).map(|types| Work::Types(index, types)));
    }
    let run = |work: &Work<'_>| -> WorkResult {
        let started = std::time::Instant::now();
        let tokens = match work {
            Work::Lib => emit::emit_lib(api, settings, features),
            Work::Config => emit::emit_config(api, settings),
            Work::Endpoints => emit::emit_endpoints_module(api, settings, features),
            Work::TypesHead(index) => match modules.get(*index) {
                Some(module) if module.path.is_empty() => emit::emit_types_module_head(api, settings, features, module),
                Some(module) => emit::emit_group_module_head(module),
                None => proc_macro2::TokenStream::new(),
            },
            Work::Types(_, defs) => {
                // Parsed here, to put each type's `cfg` on each of its items.
                let items = emit::emit_type_items(api, defs, features, &requests);
                let emitted = std::time::Instant::now();
                let text = items.map(format::format_syn_items);
                return (text, emitted - started, emitted.elapsed());
            }
        };
        let emitted = std::time::Instant::now();
        let text = format::format_file(tokens, header);
        (text, emitted - started, emitted.elapsed())
    };
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<(usize, WorkResult)> =
        std::thread::scope(|scope| {
            let (work, next, run) = (&work, &next, &run);
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(move || {
                        let mut done = Vec::new();
                        loop {
                            let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(piece) = work.get(index) else { break };
                            done.push((index, run(piece)));
                        }
                        done
                    })
                })
                .collect();
            // A thread that panicked (a bug, never spec input) panics here too.
            handles.into_iter().flat_map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
        });
    // Every piece of work was done once: in the order of `work`, the results match it.
    let mut results = results;
    results.sort_by_key(|(index, _)| *index);
    let (mut emit_time, mut format_time) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    let module_file = |index: usize| match modules.get(index) {
        Some(module) if !module.path.is_empty() => {
            let path: Vec<&str> = module.path.iter().map(ir::RustName::as_str).collect();
            format!("src/types/{}.rs", path.join("/"))
        }
        _ => "src/types.rs".to_owned(),
    };
    let mut files: Vec<GeneratedFile> = Vec::new();
    for (piece, (_, (text, emit, format))) in work.iter().zip(results) {
        emit_time += emit;
        format_time += format;
        let path = match piece {
            Work::Lib => "src/lib.rs".to_owned(),
            Work::Config => "src/config.rs".to_owned(),
            Work::Endpoints => "src/endpoints.rs".to_owned(),
            Work::TypesHead(index) | Work::Types(index, _) => module_file(*index),
        };
        let text = text.map_err(|err| (path.clone(), err))?;
        // A module's head comes first, its parts after it.
        match files.last_mut() {
            Some(file) if file.path == path => {
                file.contents.push('\n');
                file.contents.push_str(&text);
            }
            _ => files.push(GeneratedFile { path, contents: text }),
        }
    }
    // The crate root first, as before: lib, config, endpoints, then the types.
    files.swap(0, 1);
    files.swap(1, 2);
    Ok((files, emit_time, format_time))
}

/// The files of the conformance driver of a generated crate: a program
/// that calls every operation once with a small valid request and prints,
/// one JSON object per line, what happened (`cargo xtask conformance` runs
/// it against a mock server that validates requests). `client_path` is
/// where the generated crate is, relative to the driver's directory.
pub fn conformance_driver(output: &Output, settings: &Settings, client_path: &str) -> Result<Vec<GeneratedFile>, Error> {
    let header = format!("Generated by `cargo xtask conformance` from {}, do not edit.", settings.spec_label);
    let library = settings.crate_name.replace('-', "_");
    let tokens = emit::emit_driver(&output.api, settings, &library);
    let main = format::format_file(tokens, &header).map_err(|err| {
        Error::single(&settings.spec_label, DiagnosticKind::Internal, &Pointer::root(), format!("internal error: the driver does not parse: {err}"))
    })?;
    let workspace = if settings.standalone { "\n[workspace]\n" } else { "" };
    let manifest = format!(
        "# {header}\n\
         [package]\n\
         name = \"{name}-conformance\"\n\
         version = \"0.0.0\"\n\
         edition = \"2021\"\n\
         publish = false\n\
         \n\
         [dependencies]\n\
         {name} = {{ path = \"{client_path}\", features = [\"{undocumented}\"] }}\n\
         reqwest = {{ version = \"0.13\", default-features = false, features = [\"rustls\"] }}\n\
         serde = {{ version = \"1.0.219\", features = [\"derive\"] }}\n\
         serde_json = \"1.0.140\"\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n\
         {workspace}",
        name = settings.crate_name,
        undocumented = settings.client.undocumented_feature,
    );
    Ok(vec![
        GeneratedFile { path: "Cargo.toml".to_owned(), contents: manifest },
        GeneratedFile { path: "src/main.rs".to_owned(), contents: main },
    ])
}

/// Generates the files of the crate for `spec`.
pub fn generate(spec: &Spec, settings: &Settings) -> Result<Output, Error> {
    let started = std::time::Instant::now();
    let (api, diagnostics) = lower(spec, settings)?;
    let (notes, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        diagnostics.into_iter().partition(|diagnostic| diagnostic.severity == Severity::Note);
    let undefined = api.undefined_types();
    if !undefined.is_empty() {
        let message = format!("internal error: {} type(s) are used but never defined ({undefined:?})", undefined.len());
        return Err(Error::single(&spec.file, DiagnosticKind::Internal, &Pointer::root(), message));
    }
    let features = if settings.group_features {
        features::assign_features(&api, &settings.ungated_groups, &[settings.client.undocumented_feature.as_str()])
    } else {
        features::Features::default()
    };
    // Names the settings give become identifiers: they must be ones.
    let names = settings.extra_modules.iter().map(|module| ("hand-written module", module.name.as_str()));
    for (what, name) in names.chain(settings.client.wait.iter().map(|wait| ("waiting method", wait.method.as_str()))) {
        if naming::RustName::parse(name).is_none() {
            let message = format!("the {what} `{name}` is not a Rust identifier (ASCII letters, digits and `_`, not starting with a digit, not a keyword)");
            return Err(Error::single(&spec.file, DiagnosticKind::InvalidName, &Pointer::root(), message));
        }
    }
    // A module gated by a group needs that group's feature.
    for module in &settings.extra_modules {
        if let Some(group) = &module.group {
            if !features.groups.contains_key(group) {
                let gated: Vec<&str> = features.groups.keys().map(String::as_str).collect();
                let message = format!(
                    "the hand-written module `{}` is compiled with the group `{group}`, which the spec does not have as a group with a feature (those are: {})",
                    module.name,
                    if gated.is_empty() { "none".to_owned() } else { gated.join(", ") }
                );
                return Err(Error::single(&spec.file, DiagnosticKind::UnknownGroup, &Pointer::root(), message));
            }
        }
    }
    let lowered = std::time::Instant::now();
    let header = header(settings);
    let mut files = vec![
        GeneratedFile { path: "Cargo.toml".to_owned(), contents: emit::emit_cargo_toml(&api, settings, &features, &header) },
        GeneratedFile { path: "README.md".to_owned(), contents: emit::emit_readme(&api, settings, &header) },
    ];
    let (rust_files, emit_time, format_time) = emit_and_format(&api, settings, &features, &header)
        .map_err(|(path, err)| {
            Error::single(&spec.file, DiagnosticKind::Internal, &Pointer::root(), format!("internal error: generated `{path}` does not parse: {err}"))
        })?;
    files.extend(rust_files);
    let library = settings.crate_name.replace('-', "_");
    let send_sync = emit::emit_send_assertions(&api, settings, &features, &library);
    let send_sync = format::format_file(send_sync, &header).map_err(|err| {
        Error::single(&spec.file, DiagnosticKind::Internal, &Pointer::root(), format!("internal error: generated `tests/send_sync.rs` does not parse: {err}"))
    })?;
    files.push(GeneratedFile { path: "tests/send_sync.rs".to_owned(), contents: send_sync });
    if let Some(build_script) = emit::emit_build_script(&api, &header) {
        files.push(GeneratedFile { path: "build.rs".to_owned(), contents: build_script });
    }
    let timings = Timings { lower: lowered - started, emit: emit_time, format: format_time };
    for (path, source) in RUNTIME {
        let runtime_header = format!("Copied by `{}` from `generator/runtime/`, do not edit.", settings.command);
        files.push(GeneratedFile { path: (*path).to_owned(), contents: format!("// {runtime_header}\n{source}") });
    }
    for module in &settings.extra_modules {
        let module_header = format!("Copied by `{}` from `{}`, do not edit here.", settings.command, module.origin);
        files.push(GeneratedFile {
            path: format!("src/{}.rs", module.name),
            contents: format!("// {module_header}\n{}", module.source),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Output { files, warnings, notes, api, timings })
}

#[cfg(test)]
mod tests {
    use crate::{DiagnosticKind, ExtraModule, Settings, WaitSettings};

    /// A library caller's settings may name a module or a waiting method
    /// that is not an identifier (the settings file refuses them): an
    /// error that names it, never a panic while emitting.
    #[test]
    fn a_name_the_settings_give_that_is_not_an_identifier_is_an_error() {
        let spec = crate::parse_spec("t.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap();
        let module = ExtraModule { name: "my-module".to_owned(), source: String::new(), origin: "my-module.rs".to_owned(), group: None };
        let err = crate::generate(&spec, &Settings::new("t").with_extra_module(module)).unwrap_err();
        assert_eq!(err.diagnostics[0].kind, DiagnosticKind::InvalidName);
        assert!(err.diagnostics[0].message.contains("the hand-written module `my-module` is not a Rust identifier"), "{err}");
        let mut settings = Settings::new("t");
        settings.client.wait = Some(WaitSettings { extension: "x-later".to_owned(), method: "wait for".to_owned(), schema: "job".to_owned() });
        let err = crate::generate(&spec, &settings).unwrap_err();
        assert!(err.diagnostics[0].message.contains("the waiting method `wait for` is not a Rust identifier"), "{err}");
        let module = ExtraModule { name: "fine".to_owned(), source: String::new(), origin: "fine.rs".to_owned(), group: None };
        assert!(crate::generate(&spec, &Settings::new("t").with_extra_module(module)).is_ok());
    }
}
