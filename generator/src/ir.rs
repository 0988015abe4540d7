//! The intermediate representation (IR): what the generated crate contains,
//! as plain data.
//!
//! `lower` builds it from the spec; `boxing` and `naming` refine it; `emit`
//! turns it into tokens. Nothing here knows about `openapiv3` or `quote`.
//! Types live in an arena and refer to each other by [`TypeId`], so
//! recursive schemas are just ids that point back.

use std::collections::BTreeMap;

use crate::diagnostics::Pointer;
pub use crate::naming::{RustName, Word};

/// The whole API.
#[derive(Debug, Clone, Default)]
pub struct Api {
    /// `info.title` of the spec.
    pub title: String,
    /// `info.version` of the spec.
    pub version: String,
    /// `info.description` of the spec.
    pub description: Option<String>,
    /// The first entry of `servers`, if any.
    pub base_url: Option<String>,
    /// Every named type.
    pub types: BTreeMap<TypeId, TypeDef>,
    /// Every endpoint, in the order of the spec's paths.
    pub endpoints: Vec<Endpoint>,
    /// The security schemes of `components/securitySchemes` the client can
    /// send, in the order of the spec; [`Endpoint::security`] points into it.
    pub security_schemes: Vec<SecurityScheme>,
    /// The structs that derive `Default` (filled by the defaults pass).
    pub defaults: std::collections::BTreeSet<TypeId>,
    /// The types only requests use (filled by the defaults pass). Nothing a
    /// server sends is decoded into them, so they decode strictly: a
    /// required field must be there (the tolerance of response types would
    /// let a value meant for one variant of a request union decode into
    /// another, with its required fields made up).
    pub strict: std::collections::BTreeSet<TypeId>,
    /// The untagged unions that get a catch-all variant, holding a value
    /// that matches none of the others as JSON, with its name (filled by
    /// the defaults pass).
    pub catch_alls: BTreeMap<TypeId, RustName>,
    /// The constructors of the untagged unions requests use, by union: the
    /// index of the variant each makes and the method's name, one per
    /// variant that holds a struct (filled by the defaults pass).
    pub union_constructors: BTreeMap<TypeId, Vec<(usize, RustName)>>,
    /// The structs sent as multipart request bodies, which get an impl of
    /// the runtime's `MultipartBody` (files sent as their bytes).
    pub multipart_bodies: std::collections::BTreeSet<TypeId>,
    /// The enum of the bodies of error answers the spec declares, which an
    /// API error carries decoded (filled by the naming pass, when an
    /// endpoint declares one).
    pub error_body: Option<ErrorBodyEnum>,
}

/// The enum of every type an error answer of the API declares: the API
/// error of a request carries its body decoded as the type the endpoint
/// declares for the answer's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorBodyEnum {
    /// The enum's name, unique among the types.
    pub name: RustName,
    /// One variant per type, named after it, in the order endpoints first
    /// declare them.
    pub variants: Vec<(RustName, TypeId)>,
}

/// The successful answers of an endpoint whose bodies the spec declares
/// differently (a `200` with the resource, a `202` with a job): the method
/// returns an enum with a variant per answer, decoded by the status.
#[derive(Debug, Clone, PartialEq)]
pub struct SuccessAnswers {
    /// The words the enum is named after (the endpoint's, then `answer`).
    pub words: Vec<Word>,
    /// The enum's name, unique among the types (set by the naming pass).
    pub name: RustName,
    /// One variant per answer with a body, in the order of the spec's
    /// statuses; the first is also the one of a 2xx no answer declares.
    pub variants: Vec<SuccessAnswer>,
}

/// One successful answer with a body, of [`SuccessAnswers`].
#[derive(Debug, Clone, PartialEq)]
pub struct SuccessAnswer {
    /// Its status (`Some(202)`), or `None` for `2XX`.
    pub status: Option<u16>,
    /// The variant's name, after the status's meaning (`Accepted`).
    pub variant: RustName,
    /// The body's type.
    pub ty: TypeRef,
    /// How the body is carried.
    pub encoding: BodyEncoding,
    /// The response's description.
    pub description: Option<String>,
}

/// An error answer an endpoint declares with a JSON body of a named type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorAnswer {
    /// The statuses it is declared for.
    pub status: ErrorStatus,
    /// The body's type.
    pub ty: TypeId,
}

/// The statuses an error answer is declared for, most specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorStatus {
    /// One status (`404`).
    Code(u16),
    /// A class of statuses by its first digit (`4XX` is 4).
    Range(u16),
    /// Every status no other answer declares (`default`).
    Default,
}

impl Api {
    /// Every type reachable from `roots` through the types' fields,
    /// variants and aliases, `roots` included.
    pub fn reachable_from(&self, roots: Vec<TypeId>) -> std::collections::BTreeSet<TypeId> {
        let mut seen = std::collections::BTreeSet::new();
        let mut pending = roots;
        while let Some(id) = pending.pop() {
            if !seen.insert(id) {
                continue;
            }
            if let Some(def) = self.types.get(&id) {
                for ty in def.kind.type_refs() {
                    ty.push_named(&mut pending);
                }
            }
        }
        seen
    }

    /// Whether a field of a type is a file of a multipart body
    /// ([`TypeRef::Upload`]), so that the crate exports the runtime's `Upload`.
    pub fn uses_uploads(&self) -> bool {
        fn mentions_upload(ty: &TypeRef) -> bool {
            match ty {
                TypeRef::Upload => true,
                TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => mentions_upload(inner),
                _ => false,
            }
        }
        self.types.values().any(|def| def.kind.type_refs().into_iter().any(mentions_upload))
    }

    /// The parts of the runtime that only some crates compile, as the
    /// `cfg`s the crate's `build.rs` sets: `waits` when a method waits for
    /// the operation it starts ([`Endpoint::waits`]), `pages` when one
    /// pages ([`Endpoint::paging`]), `error_bodies` when an endpoint
    /// declares the body of an error answer ([`Api::error_body`]).
    pub fn runtime_cfgs(&self) -> Vec<&'static str> {
        let mut cfgs = Vec::new();
        if self.endpoints.iter().any(|endpoint| endpoint.waits) {
            cfgs.push("waits");
        }
        if self.endpoints.iter().any(|endpoint| endpoint.paging.is_some()) {
            cfgs.push("pages");
        }
        if self.error_body.is_some() {
            cfgs.push("error_bodies");
        }
        cfgs
    }

    /// The types that a type or an endpoint uses but [`Api::types`] does not
    /// define: always empty, or the generated crate would not compile.
    pub fn undefined_types(&self) -> Vec<TypeId> {
        let mut used = Vec::new();
        for def in self.types.values() {
            for ty in def.kind.type_refs() {
                ty.push_named(&mut used);
            }
        }
        for endpoint in &self.endpoints {
            used.extend(endpoint.parameters_type);
            for parameter in &endpoint.parameters {
                parameter.field.ty.push_named(&mut used);
            }
            if let Some(body) = &endpoint.body {
                body.ty.push_named(&mut used);
            }
            if let Some(response) = &endpoint.response {
                response.push_named(&mut used);
            }
            used.extend(endpoint.errors.iter().map(|answer| answer.ty));
        }
        used.retain(|id| !self.types.contains_key(id));
        used.sort();
        used.dedup();
        used
    }
}

/// The key of a type in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub u32);

/// A named type of the generated crate.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust name, unique in its module; set by the naming pass.
    pub name: RustName,
    /// The module of `types` the type lives in, empty for the root: the
    /// group of the endpoints that alone use it (`acs`, `users`); set by
    /// the naming pass.
    pub module: Vec<RustName>,
    /// Where the type came from, which decides its name.
    pub origin: TypeOrigin,
    /// Where the schema is in the spec (its first place, for shared types).
    pub pointer: Pointer,
    /// Documentation.
    pub docs: Docs,
    /// What kind of type it is.
    pub kind: TypeKind,
}

/// Where a named type came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeOrigin {
    /// A schema of `components/schemas`, under its name in the spec.
    Component(String),
    /// An inline schema, identified by the words of the places it sits in:
    /// `[connected_account, user_identifier]`. Identical inline schemas
    /// share one type, so there can be several places; the first comes first.
    Inline(Vec<Vec<Word>>),
}

/// Documentation gathered from a schema or an operation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    /// `title`.
    pub title: Option<String>,
    /// `description` (or `summary`), Markdown.
    pub description: Option<String>,
    /// Set when `deprecated: true` or the deprecation extension is present.
    pub deprecated: Option<Deprecation>,
    /// Set when the item is marked undocumented (by the extension the
    /// settings name), with the reason given.
    pub undocumented: Option<String>,
    /// Set when the item is marked a draft (by the extension the settings
    /// name), with the reason given.
    pub draft: Option<String>,
    /// Validation constraints, in words (`at most 255 characters`).
    pub constraints: Vec<String>,
    /// The `default` value, as JSON.
    pub default: Option<String>,
    /// Notes the generator adds (fallbacks taken, formats not enforced).
    pub notes: Vec<String>,
}

/// A deprecation, with its reason when the spec gives one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecation {
    /// The reason or the replacement, as the deprecation extension says it.
    pub note: Option<String>,
}

/// The kinds of named types.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string with a list of known values, open to unknown ones.
    Enum(StringEnum),
    /// A whole number with a list of known values, open to unknown ones.
    IntegerEnum(IntegerEnum),
    /// A union told apart by the string value of one property.
    TaggedUnion(TaggedUnion),
    /// A union told apart by shape: the first variant that fits wins.
    UntaggedUnion(UntaggedUnion),
    /// Another name for a type that needs no definition of its own.
    Alias(TypeRef),
    /// A struct that wraps one value, the same on the wire: what an alias
    /// becomes when it would name itself (`c: {type: array, items: {$ref: c}}`),
    /// since a Rust type alias cannot.
    Newtype(TypeRef),
}

impl TypeKind {
    /// Every place in the type that holds a value of another type, in a
    /// fixed order (fields, flattened fields, variants).
    pub fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        fn push_struct<'a>(body: &'a mut Struct, refs: &mut Vec<&'a mut TypeRef>) {
            refs.extend(body.fields.iter_mut().chain(body.flattened.iter_mut()).map(|field| &mut field.ty));
        }
        let mut refs = Vec::new();
        match self {
            TypeKind::Struct(body) => push_struct(body, &mut refs),
            TypeKind::TaggedUnion(union) => {
                for variant in &mut union.variants {
                    match &mut variant.body {
                        VariantBody::Struct(body) => push_struct(body, &mut refs),
                        VariantBody::Nested(ty) => refs.push(ty),
                    }
                }
            }
            TypeKind::UntaggedUnion(union) => refs.extend(union.variants.iter_mut().map(|variant| &mut variant.ty)),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => refs.push(ty),
            TypeKind::Enum(_) | TypeKind::IntegerEnum(_) => {}
        }
        refs
    }

    /// Every place in the type that holds a value of another type.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        fn push_struct<'a>(body: &'a Struct, refs: &mut Vec<&'a TypeRef>) {
            refs.extend(body.fields.iter().chain(&body.flattened).map(|field| &field.ty));
        }
        let mut refs = Vec::new();
        match self {
            TypeKind::Struct(body) => push_struct(body, &mut refs),
            TypeKind::TaggedUnion(union) => {
                for variant in &union.variants {
                    match &variant.body {
                        VariantBody::Struct(body) => push_struct(body, &mut refs),
                        VariantBody::Nested(ty) => refs.push(ty),
                    }
                }
            }
            TypeKind::UntaggedUnion(union) => refs.extend(union.variants.iter().map(|variant| &variant.ty)),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => refs.push(ty),
            TypeKind::Enum(_) | TypeKind::IntegerEnum(_) => {}
        }
        refs
    }
}

/// An object with known properties.
#[derive(Debug, Clone, Default)]
pub struct Struct {
    /// The properties, in the order of the spec.
    pub fields: Vec<Field>,
    /// Unions merged in by `allOf`: serialized flattened into the object.
    pub flattened: Vec<Field>,
    /// The type of properties not listed, when `additionalProperties` allows them.
    pub additional: Option<TypeRef>,
}

/// One property of an object.
#[derive(Debug, Clone)]
pub struct Field {
    /// The Rust name, unique in its struct.
    pub name: RustName,
    /// The name on the wire.
    pub json_name: String,
    /// The type of the value (nullable values are [`TypeRef::Nullable`]).
    pub ty: TypeRef,
    /// Whether the property is required.
    pub required: bool,
    /// Documentation.
    pub docs: Docs,
}

/// How a field is read from JSON: the tolerance rules of ARCHITECTURE.md,
/// decided once by the defaults pass (`defaults::field_decoding`) for the
/// field's serde attributes and for the emitted `Deserialize` impls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldDecoding {
    /// Absent or `null` is the type's default (rule 1; any JSON value
    /// takes `null` for both).
    Tolerant,
    /// An `Option`: absent or `null` is `None` (rule 7 for a required
    /// nullable property).
    Optional,
    /// An optional nullable property, `Option<Option<T>>`: absent is
    /// `None`, `null` is `Some(None)`.
    Nullable,
    /// Must be there: absent is an error.
    Required,
}

/// A string with a list of known values.
#[derive(Debug, Clone)]
pub struct StringEnum {
    /// The known values, in the order of the spec.
    pub values: Vec<EnumValue>,
    /// The name of the variant that keeps values the spec does not list.
    pub other: RustName,
}

/// A whole number with a list of known values.
#[derive(Debug, Clone)]
pub struct IntegerEnum {
    /// The known values, in the order of the spec: variant name and value.
    pub values: Vec<(RustName, i64)>,
    /// The name of the variant that keeps values the spec does not list.
    pub other: RustName,
}

/// One known value of a [`StringEnum`].
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// The variant name.
    pub name: RustName,
    /// The value on the wire.
    pub value: String,
}

/// A union told apart by the value of one string property, the tag.
#[derive(Debug, Clone)]
pub struct TaggedUnion {
    /// The name of the tag property on the wire.
    pub tag: String,
    /// The known variants.
    pub variants: Vec<TaggedVariant>,
    /// The name of the variant that keeps, as raw JSON, values whose tag
    /// is unknown or whose body does not match the spec.
    pub other: RustName,
}

/// One variant of a [`TaggedUnion`].
#[derive(Debug, Clone)]
pub struct TaggedVariant {
    /// The variant name.
    pub name: RustName,
    /// The value of the tag that selects this variant.
    pub tag_value: String,
    /// Documentation.
    pub docs: Docs,
    /// What the variant holds.
    pub body: VariantBody,
}

/// What a variant of a [`TaggedUnion`] holds.
#[derive(Debug, Clone)]
pub enum VariantBody {
    /// The other properties of the object, as a struct variant.
    Struct(Struct),
    /// Another union, told apart by another property.
    Nested(TypeRef),
}

/// A union told apart by shape.
#[derive(Debug, Clone)]
pub struct UntaggedUnion {
    /// The variants, most specific first.
    pub variants: Vec<UntaggedVariant>,
}

/// One variant of an [`UntaggedUnion`].
#[derive(Debug, Clone)]
pub struct UntaggedVariant {
    /// The variant name.
    pub name: RustName,
    /// The type the variant holds.
    pub ty: TypeRef,
    /// Documentation.
    pub docs: Docs,
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// `true` or `false`.
    Bool,
    /// A whole number.
    Integer,
    /// Any number.
    Float,
    /// Any string (whatever its `format`).
    String,
    /// Any JSON value: what the spec leaves open.
    Json,
    /// Any JSON object.
    JsonObject,
    /// A named type.
    Named(TypeId),
    /// An array.
    List(Box<TypeRef>),
    /// An object used as a map from string keys.
    Map(Box<TypeRef>),
    /// A value that may be `null`.
    Nullable(Box<TypeRef>),
    /// A value on the heap, to break a cycle of types.
    Boxed(Box<TypeRef>),
    /// Raw bytes: a request or response body that is not JSON nor text.
    /// Never part of a schema type.
    Bytes,
    /// A file sent as one part of a multipart body (the runtime's
    /// `Upload`): a binary property (`format: binary`) of a multipart
    /// request body's own struct, and nowhere else.
    Upload,
}

impl TypeRef {
    /// Pushes onto `out` the named types this use mentions, through any
    /// wrapper (`Vec<Option<Device>>` mentions `Device`).
    pub fn push_named(&self, out: &mut Vec<TypeId>) {
        match self {
            TypeRef::Named(id) => out.push(*id),
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => {
                inner.push_named(out)
            }
            _ => {}
        }
    }
}

/// An HTTP method an operation is sent with: the keys of an OpenAPI path
/// item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl HttpMethod {
    /// Every method, in the order of a path item's keys.
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Options,
        HttpMethod::Head,
        HttpMethod::Patch,
        HttpMethod::Trace,
    ];

    /// The method a path item's key (`get`, in any case) names.
    pub fn from_key(key: &str) -> Option<HttpMethod> {
        HttpMethod::ALL.into_iter().find(|method| method.as_str().eq_ignore_ascii_case(key))
    }

    /// The method's name on the wire: `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }

    /// Whether a request may be sent twice with the effect of once (RFC
    /// 9110, 9.2.2).
    pub fn is_idempotent(self) -> bool {
        !matches!(self, HttpMethod::Post | HttpMethod::Patch)
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// One endpoint of the API: one or more HTTP operations that are aliases.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// Where the operation chosen to send requests is in the spec.
    pub pointer: Pointer,
    /// The path template, such as `/connected_accounts/update`.
    pub path: String,
    /// The path template in parts: text, and the path parameters
    /// (`/pets/`, parameter 0); every placeholder is a parameter.
    pub path_template: Vec<PathPart>,
    /// The HTTP method requests are sent with.
    pub method: HttpMethod,
    /// The other HTTP methods the spec lists for the same endpoint.
    pub aliases: Vec<HttpMethod>,
    /// Whether a request may be sent again after a failure: the method or
    /// one of its aliases is idempotent.
    pub idempotent: bool,
    /// The words that group the endpoint (`["acs", "users"]`).
    pub group: Vec<String>,
    /// The name of the endpoint within its group (`update`).
    pub name: String,
    /// Documentation (`summary` is the title).
    pub docs: Docs,
    /// Parameters in the path, query and headers.
    pub parameters: Vec<Parameter>,
    /// The struct that carries the parameters (its fields are the
    /// parameters' fields), when there are any.
    pub parameters_type: Option<TypeId>,
    /// The request body.
    pub body: Option<RequestBody>,
    /// Whether the operation declares a successful (2xx) response at all.
    pub declares_success: bool,
    /// Whether a successful answer may come without a body (a `204`, or a
    /// 2xx that declares no content) while another declares the body
    /// [`Endpoint::response`] types.
    pub success_may_be_empty: bool,
    /// The type of the successful response body, when the crate decodes
    /// it whole: lowering sets it for every body; the returns pass leaves
    /// it out where the method decodes only the property
    /// [`Endpoint::returns`] names and the endpoint does not page.
    pub response: Option<TypeRef>,
    /// What the endpoint's method gives its caller (the returns pass).
    pub returns: Returns,
    /// How the endpoint pages, when it does (the returns pass).
    pub paging: Option<Paging>,
    /// Whether the method waits for the operation to finish, as the
    /// settings' `wait` says (the returns pass): the endpoint carries the
    /// extension that marks such operations and returns the schema that
    /// tracks them.
    pub waits: bool,
    /// How the successful response body is carried.
    pub response_encoding: BodyEncoding,
    /// The media type of the successful response body, which requests ask
    /// for in their `Accept` header.
    pub response_media_type: Option<String>,
    /// The property of the response that holds the resource (see
    /// [`ExtensionSettings::response_key`](crate::ExtensionSettings::response_key)).
    pub response_key: Option<String>,
    /// The headers the successful answers declare, by their lower-case names.
    pub response_headers: Vec<String>,
    /// The successful answers, when the spec declares their bodies
    /// differently: the method returns an enum of them. `response` is then
    /// the first one's body.
    pub answers: Option<SuccessAnswers>,
    /// The error answers (4xx, 5xx, `default`) it declares with a JSON body
    /// of a named type, most specific status first.
    pub errors: Vec<ErrorAnswer>,
    /// The vendor extensions (`x-…`) of the operation, sorted.
    pub extensions: BTreeMap<String, serde_json::Value>,
    /// The credentials the endpoint needs: alternatives, each a list of
    /// indexes into [`Api::security_schemes`] that must all be sent
    /// together. The first alternative the client has every credential of
    /// is sent. An empty alternative, always last, means the endpoint also
    /// works without credentials; no alternatives at all means it needs none.
    pub security: Vec<Vec<usize>>,
}

/// One part of an endpoint's path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Text sent as it is.
    Literal(String),
    /// A path parameter, by its index in [`Endpoint::parameters`].
    Parameter(usize),
}

/// What an endpoint's method gives its caller.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Returns {
    /// The whole response body ([`Endpoint::response`]), or nothing when
    /// there is none.
    #[default]
    Body,
    /// The whole response body, or `None` when a successful answer came
    /// without one ([`Endpoint::success_may_be_empty`]).
    BodyOrNothing,
    /// One property of a JSON object body; only it is decoded. A required one that is absent is a decode error;
    /// an optional one is returned as an `Option`.
    Property {
        /// The property's name in the JSON.
        json_name: String,
        /// Whether the body's schema requires it.
        required: bool,
        /// Its type.
        ty: TypeRef,
    },
}

/// How an endpoint pages (the returns pass). The endpoint's
/// [`Endpoint::response`] is then the whole page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    /// The JSON name of the response property that holds the items (a
    /// list); `None` when the body is the list.
    pub items: Option<String>,
    /// What asks for the next page, and what says which one it is.
    pub style: PagingRule,
}

/// A [`PagingStyle`](crate::PagingStyle) as it fits one endpoint: the
/// request fields it sets and the response properties it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagingRule {
    /// The next page's cursor, at `next` in the body, goes in `request`.
    Cursor {
        /// The request field of the cursor.
        request: RequestField,
        /// Where the next cursor is.
        next: PropertyPath,
        /// Where the flag that says whether another page follows is.
        has_more: Option<PropertyPath>,
    },
    /// The last item's `item_id` goes in `request`, while `has_more` is true.
    AfterLastItem {
        /// The request field of the identifier.
        request: RequestField,
        /// The JSON name of the item's identifier.
        item_id: String,
        /// Where the flag that says whether another page follows is.
        has_more: PropertyPath,
    },
    /// The `Link` header's `rel="next"` URL is the next page.
    LinkHeader,
    /// `offset` grows by the items of each page.
    Offset {
        /// The request field of the offset.
        offset: RequestField,
        /// The request field of the page size, if it has one.
        limit: Option<RequestField>,
    },
    /// `page` grows by one, from `first`.
    PageNumber {
        /// The request field of the page number.
        page: RequestField,
        /// The request field of the page size, if it has one.
        size: Option<RequestField>,
        /// The number of the page a request without one gets.
        first: u64,
    },
}

/// A field of an endpoint's request: a query parameter or a property of
/// its JSON body, by its JSON name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestField {
    /// Where it is.
    pub place: RequestPlace,
    /// Its JSON name.
    pub json_name: String,
}

/// Where a [`RequestField`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestPlace {
    /// A query parameter, a field of the endpoint's parameters struct.
    Query,
    /// A property of the JSON request body.
    Body,
}

/// The JSON names of the properties that lead from a response body to a
/// value (`["pagination", "next_page_cursor"]`).
pub type PropertyPath = Vec<String>;

impl Endpoint {
    /// The types decoded from the endpoint's successful responses: the
    /// whole body and the property the method returns.
    pub fn decoded_types(&self) -> impl Iterator<Item = &TypeRef> {
        let property = match &self.returns {
            Returns::Property { ty, .. } => Some(ty),
            Returns::Body | Returns::BodyOrNothing => None,
        };
        let answers = self.answers.iter().flat_map(|answers| answers.variants.iter().map(|answer| &answer.ty));
        self.response.iter().chain(property).chain(answers)
    }

    /// The named types the endpoint uses directly: its request body, what
    /// it decodes, its parameters and the struct that carries them.
    pub fn named_types(&self) -> Vec<TypeId> {
        let mut named = Vec::new();
        if let Some(body) = &self.body {
            body.ty.push_named(&mut named);
        }
        for ty in self.decoded_types() {
            ty.push_named(&mut named);
        }
        named.extend(self.errors.iter().map(|answer| answer.ty));
        for parameter in &self.parameters {
            parameter.field.ty.push_named(&mut named);
        }
        named.extend(self.parameters_type);
        named
    }
}

/// A way the API authenticates requests, from `components/securitySchemes`.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The scheme's name in the spec, which security requirements use.
    pub key: String,
    /// The name of the `ClientBuilder` method that sets its credential.
    pub method: RustName,
    /// What the credential is and where it goes.
    pub kind: SecurityKind,
    /// Documentation (the scheme's `description`).
    pub docs: Docs,
}

/// What a credential is and where a request carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    /// An API key in a header, a query parameter or a cookie.
    ApiKey {
        /// Where the key goes.
        location: ApiKeyLocation,
        /// The name of the header, query parameter or cookie.
        name: String,
    },
    /// A token in `Authorization: Bearer …`: HTTP `bearer`, and the access
    /// tokens of OAuth2 and OpenID Connect.
    Bearer {
        /// The `bearerFormat` the spec gives (`JWT`), as documentation.
        format: Option<String>,
    },
    /// A user name and a password in `Authorization: Basic …`.
    Basic,
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// In a header.
    Header,
    /// In the query string.
    Query,
    /// In the `Cookie` header.
    Cookie,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

/// How an array or object parameter is written into the query string or
/// a header (OpenAPI's `style` and `explode`). Scalars are written the same
/// way in every style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterStyle {
    /// `form` with `explode: true` (the default of query parameters): an
    /// array repeats the name (`id=1&id=2`), an object's properties become
    /// parameters of their own.
    FormExploded,
    /// `form` with `explode: false`: `id=1,2`; an object is `name=key,value,…`.
    Form,
    /// `spaceDelimited`: `id=1%202`.
    SpaceDelimited,
    /// `pipeDelimited`: `id=1|2`.
    PipeDelimited,
    /// `deepObject`: `name[key]=value`.
    DeepObject,
    /// `simple` (headers and paths): `1,2`; an object is `key,value,…`.
    Simple,
    /// `label` (paths): `.1,2`, or `.1.2` exploded.
    Label {
        /// Whether `explode` is set.
        explode: bool,
    },
    /// `matrix` (paths): `;id=1,2`, or `;id=1;id=2` exploded.
    Matrix {
        /// Whether `explode` is set.
        explode: bool,
    },
    /// A parameter given by `content` rather than `schema`: the value's
    /// JSON text (`filter={"name":"rex"}`, `"rex"` with its quotes).
    Json,
}

/// One parameter of an endpoint.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// Where it goes.
    pub location: ParameterLocation,
    /// How arrays and objects are written.
    pub style: ParameterStyle,
    /// The field that carries it.
    pub field: Field,
    /// A value the spec accepts, for a required parameter (see `samples`).
    pub sample: Option<serde_json::Value>,
}

/// How a body is carried on the wire, from its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON (`application/json`, `application/*+json`): typed.
    Json,
    /// `application/x-www-form-urlencoded`: typed, encoded as a form.
    Form,
    /// `multipart/form-data`: typed, each top-level property one part.
    Multipart,
    /// `text/*`: a `String`.
    Text,
    /// Anything else (`application/octet-stream`, `image/png`, …): bytes.
    Bytes,
}

/// The body of a request.
#[derive(Debug, Clone)]
pub struct RequestBody {
    /// The media type, such as `application/json`.
    pub content_type: String,
    /// How it is carried.
    pub encoding: BodyEncoding,
    /// The type of the body.
    pub ty: TypeRef,
    /// Whether a body must be sent.
    pub required: bool,
    /// A body the spec accepts, with its required properties (see `samples`).
    pub sample: Option<serde_json::Value>,
}

/// Small IR built by hand, for the unit tests of the passes.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// A field named `name` (also its JSON name).
    pub(crate) fn field(name: &str, ty: TypeRef, required: bool) -> Field {
        Field { name: crate::naming::RustName::known(name), json_name: name.to_owned(), ty, required, docs: Docs::default() }
    }

    /// A struct of `fields`.
    pub(crate) fn structure(fields: Vec<Field>) -> TypeKind {
        TypeKind::Struct(Struct { fields, flattened: Vec::new(), additional: None })
    }

    /// A string enum of `values`.
    pub(crate) fn string_enum(values: &[&str]) -> TypeKind {
        let values = values.iter().map(|value| EnumValue { name: crate::naming::RustName::known(value), value: (*value).to_owned() }).collect();
        TypeKind::Enum(StringEnum { values, other: crate::naming::RustName::known("Unknown") })
    }

    /// A use of the type with id `index`.
    pub(crate) fn named(index: u32) -> TypeRef {
        TypeRef::Named(TypeId(index))
    }

    /// An API whose types are `kinds`, with ids `0`, `1`, … and names `T0`, `T1`, …
    pub(crate) fn api(kinds: Vec<TypeKind>) -> Api {
        let mut api = Api::default();
        for (index, kind) in (0u32..).zip(kinds) {
            let name = format!("T{index}");
            let def = TypeDef {
                name: crate::naming::RustName::known(&name),
                module: Vec::new(),
                origin: TypeOrigin::Component(name),
                pointer: Pointer::root(),
                docs: Docs::default(),
                kind,
            };
            api.types.insert(TypeId(index), def);
        }
        api
    }

    /// The fields of the struct with id `index`.
    pub(crate) fn fields(api: &Api, index: u32) -> &[Field] {
        match api.types.get(&TypeId(index)).map(|def| &def.kind) {
            Some(TypeKind::Struct(body)) => &body.fields,
            other => panic!("T{index} is not a struct: {other:?}"),
        }
    }
}
