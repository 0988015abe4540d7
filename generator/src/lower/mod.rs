//! Lowering: from the spec (`openapiv3`) to the IR.
//!
//! Component schemas get their [`TypeId`]s first, so that references can
//! be lowered before (or while) the schema they point at is. Then every
//! component schema and every schema of every endpoint is lowered, depth
//! first. Inline schemas that are exactly alike share one type.
//!
//! Lowering never fails: a problem is reported into [`Diagnostics`] and
//! the schema lowers to a documented fallback, so that one run reports
//! every problem of the spec.

mod endpoints;
mod samples;
mod security;
mod view;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use openapiv3::{AdditionalProperties, Discriminator, ReferenceOr, Schema, SchemaData};

use crate::diagnostics::{DiagnosticKind, Diagnostics, Pointer};
use crate::ir::{
    Api, Deprecation, Docs, EnumValue, Field, StringEnum, Struct, TaggedUnion, TaggedVariant, TypeDef, TypeId, TypeKind,
    TypeOrigin, TypeRef, UntaggedUnion, UntaggedVariant, VariantBody,
};
use crate::load::Spec;
use crate::naming::{self, Namespace, RustName, Word};
use view::{view, Node, SchemaType, View};

/// Lowers the whole spec, as `settings` ask. Problems go to `diagnostics`.
pub fn lower(spec: &Spec, settings: &crate::Settings, diagnostics: &mut Diagnostics) -> Api {
    let document = &spec.document;
    let mut lowering = Lowering {
        spec,
        extensions: &settings.extensions,
        diagnostics,
        types: BTreeMap::new(),
        components: BTreeMap::new(),
        nullable_components: BTreeSet::new(),
        shared: HashMap::new(),
        in_progress: BTreeSet::new(),
        next_id: 0,
        security: security::SecurityIndex::default(),
        builder_methods: naming::own_methods("ClientBuilder", settings),
        multipart_bodies: BTreeSet::new(),
    };
    lowering.lower_components();
    let security_schemes =
        if settings.client.spec_security { lowering.lower_security_schemes() } else { Vec::new() };
    let endpoints = lowering.lower_endpoints();
    Api {
        title: document.info.title.clone(),
        version: document.info.version.clone(),
        description: document.info.description.clone(),
        base_url: document.servers.first().map(|server| server.url.clone()),
        types: lowering.types,
        endpoints,
        security_schemes,
        defaults: BTreeSet::new(),
        strict: BTreeSet::new(),
        catch_alls: BTreeMap::new(),
        union_constructors: BTreeMap::new(),
        multipart_bodies: lowering.multipart_bodies,
        error_body: None,
    }
}

/// The state of one lowering run.
struct Lowering<'s, 'd> {
    spec: &'s Spec,
    /// The vendor extensions to read, as the settings name them.
    extensions: &'s crate::ExtensionSettings,
    diagnostics: &'d mut Diagnostics,
    types: BTreeMap<TypeId, TypeDef>,
    /// The component schemas, by name.
    components: BTreeMap<&'s str, TypeId>,
    /// Component schemas that allow `null`: their type is the non-null
    /// one, and every use of them is nullable.
    nullable_components: BTreeSet<TypeId>,
    /// The places of the inline schemas being lowered, to catch one that
    /// contains itself (through an `allOf` of the schema around it).
    in_progress: BTreeSet<String>,
    /// Inline types by the JSON text of their schema, so that identical
    /// inline schemas share one type.
    shared: HashMap<String, TypeId>,
    next_id: u32,
    /// The security schemes endpoints may ask for (empty when the settings
    /// leave the spec's security out).
    security: security::SecurityIndex<'s>,
    /// The structs sent as multipart request bodies.
    multipart_bodies: BTreeSet<TypeId>,
    /// The methods `ClientBuilder` has already, which a security scheme's
    /// method must not take.
    builder_methods: BTreeSet<String>,
}

/// The properties of an object, gathered through `allOf` and `$ref`.
#[derive(Default)]
struct Parts<'s> {
    properties: Vec<(&'s str, Node<'s>, Pointer)>,
    /// The required properties, each with the `required` list that first names it.
    required: BTreeMap<&'s str, Pointer>,
    additional: Option<(&'s AdditionalProperties, Pointer)>,
    /// `oneOf`/`anyOf` schemas met along the way.
    unions: Vec<(&'s Schema, Pointer)>,
    /// Parts that are not objects (an `allOf` of a string, say).
    non_objects: Vec<Pointer>,
    /// The references being merged, to catch a schema that merges itself.
    merging: Vec<&'s str>,
}

/// What [`Lowering::lower_struct`] makes of a name that `required` lists
/// and `properties` does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Undeclared {
    /// A field of any JSON value.
    Keep,
    /// Nothing (a union variant: the object around it may declare it).
    Leave,
}

/// One variant of a union that is an object.
struct ObjectVariant<'s> {
    parts: Parts<'s>,
    docs: Docs,
    component: Option<&'s str>,
}

const MAX_REF_DEPTH: usize = 64;

/// How deeply inline schemas may nest (far more than any real spec), so
/// that a pathological one gets an error rather than overflowing the stack.
const MAX_NESTING: usize = 100;

impl<'s> Lowering<'s, '_> {
    fn reserve(&mut self, origin: TypeOrigin, pointer: &Pointer) -> TypeId {
        let id = TypeId(self.next_id);
        self.next_id += 1;
        let placeholder = TypeDef {
            name: RustName::default(),
            module: Vec::new(),
            origin,
            pointer: pointer.clone(),
            docs: Docs::default(),
            kind: TypeKind::Alias(TypeRef::Json),
        };
        self.types.insert(id, placeholder);
        id
    }

    /// Stores a named type: into `slot` when given, else as a new inline type.
    fn define(&mut self, slot: Option<TypeId>, words: &[Word], pointer: &Pointer, docs: Docs, kind: TypeKind) -> TypeRef {
        let id = match slot {
            Some(id) => id,
            None => self.reserve(TypeOrigin::Inline(vec![words.to_vec()]), pointer),
        };
        if let Some(def) = self.types.get_mut(&id) {
            def.docs = docs;
            def.kind = kind;
        }
        TypeRef::Named(id)
    }

    /// Finds a type made earlier for an identical inline schema.
    fn find_shared(&mut self, key: &str, words: &[Word]) -> Option<TypeRef> {
        let id = *self.shared.get(key)?;
        if let Some(TypeDef { origin: TypeOrigin::Inline(places), .. }) = self.types.get_mut(&id) {
            places.push(words.to_vec());
        }
        Some(TypeRef::Named(id))
    }

    /// The key under which an inline schema is shared: its JSON text.
    fn shared_key(&self, pointer: &Pointer, schema: &Schema) -> String {
        match self.spec.raw.pointer(pointer.as_json_pointer()) {
            Some(raw) => raw.to_string(),
            None => serde_json::to_string(schema).unwrap_or_default(),
        }
    }

    fn lower_components(&mut self) {
        // A spec without `components` may still point at schemas elsewhere (`places` below).
        let components = self.spec.document.components.iter();
        let mut schemas: Vec<(&'s String, &'s ReferenceOr<Schema>)> = components.flat_map(|components| &components.schemas).collect();
        schemas.sort_by(|a, b| a.0.cmp(b.0));
        let base = Pointer::root().join("components").join("schemas");
        for (name, schema) in &schemas {
            let id = self.reserve(TypeOrigin::Component((*name).clone()), &base.join(name));
            self.components.insert(name.as_str(), id);
            if let ReferenceOr::Item(schema) = schema {
                if schema.schema_data.nullable || view(schema).enum_has_null {
                    self.nullable_components.insert(id);
                }
            }
        }
        // Schemas other places point at are named types too, after the
        // last word of their place; their key is the `$ref` itself.
        let mut places: Vec<(&'s String, &'s ReferenceOr<Schema>, Pointer, String)> = Vec::new();
        for (reference, schema) in &self.spec.local.schemas {
            let pointer = reference.strip_prefix("#/").unwrap_or_default().split('/').fold(Pointer::root(), |pointer, segment| {
                pointer.join(segment.replace("~1", "/").replace("~0", "~"))
            });
            let name = pointer.segments().last().unwrap_or_default();
            let id = self.reserve(TypeOrigin::Component(name.clone()), &pointer);
            self.components.insert(reference.as_str(), id);
            if let ReferenceOr::Item(schema) = schema {
                if schema.schema_data.nullable || view(schema).enum_has_null {
                    self.nullable_components.insert(id);
                }
            }
            places.push((reference, schema, pointer, name));
        }
        let schemas = schemas.into_iter().map(|(name, schema)| (name, schema, base.join(name), name.clone()));
        for (key, schema, pointer, name) in schemas.chain(places) {
            // Every key was inserted above.
            let Some(&id) = self.components.get(key.as_str()) else { continue };
            let words = vec![Word::Text(name)];
            let ty = match schema {
                ReferenceOr::Reference { reference } => self.lower_ref(reference, &pointer),
                ReferenceOr::Item(schema) => self.lower_schema(schema, &pointer, &words, Some(id)),
            };
            let ty = match ty {
                TypeRef::Nullable(inner) if self.nullable_components.contains(&id) => *inner,
                ty => ty,
            };
            if ty != TypeRef::Named(id) {
                let docs = match schema {
                    ReferenceOr::Item(schema) => self.docs_of_schema(&schema.schema_data, &view(schema)),
                    ReferenceOr::Reference { .. } => Docs::default(),
                };
                self.define(Some(id), &words, &pointer, docs, TypeKind::Alias(ty));
            }
        }
    }

    /// The component schema a local `$ref` names, with its key in `components`.
    /// The schema a `$ref` points at, without reporting one that points at
    /// nothing ([`Lowering::component`] reports it when the reference is lowered).
    fn peek_component(&self, reference: &str) -> Option<(&'s str, &'s ReferenceOr<Schema>)> {
        if let Some((key, schema)) = self.spec.local.schemas.get_key_value(reference) {
            return Some((key.as_str(), schema));
        }
        let name = reference.strip_prefix("#/components/schemas/")?.replace("~1", "/").replace("~0", "~");
        let components = self.spec.document.components.as_ref()?;
        components.schemas.get_key_value(&name).map(|(name, schema)| (name.as_str(), schema))
    }

    /// The schema a node stands for, following `$ref`s (a bounded number of
    /// them), or `None` when one points at nothing.
    fn peek_schema(&self, node: Node<'s>) -> Option<&'s Schema> {
        let mut node = node;
        for _ in 0..MAX_REF_DEPTH {
            match node {
                Node::Schema(schema) => return Some(schema),
                Node::Ref(reference) => node = Node::of(self.peek_component(reference)?.1),
            }
        }
        None
    }

    fn component(&mut self, reference: &str, pointer: &Pointer) -> Option<(&'s str, &'s ReferenceOr<Schema>)> {
        if let Some(found) = self.peek_component(reference) {
            return Some(found);
        }
        let Some(name) = reference.strip_prefix("#/components/schemas/") else {
            let message = if reference.starts_with('#') {
                format!("`$ref: {reference}` does not point at a schema")
            } else {
                format!("`$ref: {reference}` points outside the spec's files: a URL is never fetched (the generator does not go to the network)")
            };
            let kind = if reference.starts_with('#') { DiagnosticKind::DanglingRef } else { DiagnosticKind::ExternalRef };
            self.diagnostics.report(kind, pointer, message);
            return None;
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        let components = self.spec.document.components.as_ref();
        match components.and_then(|components| components.schemas.get_key_value(&name)) {
            Some((name, schema)) => Some((name.as_str(), schema)),
            None => {
                self.diagnostics.report(DiagnosticKind::DanglingRef, pointer, format!("`$ref: {reference}` points at no schema"));
                None
            }
        }
    }

    /// Lowers a `$ref`, honouring the siblings `openapiv3` drops (`nullable`).
    fn lower_ref(&mut self, reference: &str, pointer: &Pointer) -> TypeRef {
        let id = self.component(reference, pointer).and_then(|(name, _)| self.components.get(name).copied());
        let ty = match id {
            Some(id) => TypeRef::Named(id),
            None => TypeRef::Json,
        };
        let raw = self.spec.raw.pointer(pointer.as_json_pointer());
        let nullable = raw.and_then(|raw| raw.get("nullable")).and_then(serde_json::Value::as_bool).unwrap_or(false)
            || id.is_some_and(|id| self.nullable_components.contains(&id));
        if nullable {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    /// Lowers a schema that names its own type even when another place has
    /// an identical one: the bodies of an endpoint (`LocksUnlockDoorResponse`).
    fn lower_own_type(&mut self, node: Node<'s>, pointer: &Pointer, words: &[Word]) -> TypeRef {
        let Node::Schema(schema) = node else { return self.lower_node(node, pointer, words) };
        let id = self.reserve(TypeOrigin::Inline(vec![words.to_vec()]), pointer);
        let ty = self.lower_schema(schema, pointer, words, Some(id));
        // The reserved type stays when the result uses it, even wrapped
        // (`Option<…>` for a nullable inline object).
        let mut used = Vec::new();
        ty.push_named(&mut used);
        if !used.contains(&id) {
            self.types.remove(&id);
        }
        ty
    }

    fn lower_node(&mut self, node: Node<'s>, pointer: &Pointer, words: &[Word]) -> TypeRef {
        match node {
            Node::Ref(reference) => self.lower_ref(reference, pointer),
            Node::Schema(schema) => self.lower_schema(schema, pointer, words, None),
        }
    }

    /// Lowers an inline schema. When the schema becomes a named type and
    /// `slot` is given, the type is stored there (a component schema).
    fn lower_schema(&mut self, schema: &'s Schema, pointer: &Pointer, words: &[Word], slot: Option<TypeId>) -> TypeRef {
        let place = pointer.as_json_pointer().to_owned();
        if !self.in_progress.insert(place.clone()) {
            self.diagnostics.report(
                DiagnosticKind::SelfContaining,
                pointer,
                "this schema contains itself (it merges, through `allOf`, a schema around it): the inner one is kept as `serde_json::Value`",
            );
            return TypeRef::Json;
        }
        if self.in_progress.len() > MAX_NESTING {
            self.in_progress.remove(&place);
            let message = format!("schemas nest more than {MAX_NESTING} levels deep here");
            self.diagnostics.report(DiagnosticKind::NestingTooDeep, pointer, message);
            return TypeRef::Json;
        }
        let view = view(schema);
        let nullable = schema.schema_data.nullable || view.enum_has_null;
        let ty = self.lower_view(schema, &view, pointer, words, slot);
        self.in_progress.remove(&place);
        match ty {
            TypeRef::Json | TypeRef::Nullable(_) => ty,
            ty if nullable => TypeRef::Nullable(Box::new(ty)),
            ty => ty,
        }
    }

    fn lower_view(
        &mut self,
        schema: &'s Schema,
        view: &View<'s>,
        pointer: &Pointer,
        words: &[Word],
        slot: Option<TypeId>,
    ) -> TypeRef {
        let has_union = !view.one_of.is_empty() || !view.any_of.is_empty();
        if !view.all_of.is_empty() || (has_union && view.has_properties()) {
            return self.lower_all_of(schema, view, pointer, words, slot);
        }
        if has_union {
            return self.lower_union(schema, view, pointer, words, slot);
        }
        if view.has_not {
            self.diagnostics.report(DiagnosticKind::Not, pointer, "`not` cannot be expressed as a Rust type: the value is kept as `serde_json::Value`");
            return TypeRef::Json;
        }
        let is_string_enum = !view.enumeration.is_empty()
            && view.enumeration.iter().all(serde_json::Value::is_string)
            && matches!(view.ty, None | Some(SchemaType::String));
        if is_string_enum {
            return self.lower_string_enum(schema, view, pointer, words, slot);
        }
        let is_integer_enum = !view.enumeration.is_empty()
            && view.enumeration.iter().all(|value| value.as_i64().is_some())
            && matches!(view.ty, None | Some(SchemaType::Integer));
        if is_integer_enum {
            return self.lower_integer_enum(schema, view, pointer, words, slot);
        }
        match view.ty {
            Some(SchemaType::String) if !view.enumeration.is_empty() => {
                // Not all strings, or it would be a string enum.
                self.diagnostics.report(
                    DiagnosticKind::MixedEnum,
                    pointer,
                    "a string whose `enum` lists values that are not strings (which no string is) is kept as `serde_json::Value`",
                );
                TypeRef::Json
            }
            Some(SchemaType::String) => TypeRef::String,
            Some(SchemaType::Integer) => TypeRef::Integer,
            Some(SchemaType::Number) => TypeRef::Float,
            Some(SchemaType::Boolean) => TypeRef::Bool,
            Some(SchemaType::Array) => self.lower_array(view, pointer, words),
            Some(SchemaType::Object) => self.lower_object(schema, view, pointer, words, slot),
            None if view.has_properties() || view.additional.is_some() => {
                self.lower_object(schema, view, pointer, words, slot)
            }
            None if view.items.is_some() => {
                // JSON Schema applies `items` to arrays only: without
                // `type: array`, any other value is valid too.
                self.diagnostics.report(
                    DiagnosticKind::ItemsWithoutType,
                    pointer,
                    "`items` without `type: array` also allows values that are not lists: kept as a list or any other value",
                );
                let list = self.lower_array(view, pointer, words);
                let variants = vec![
                    UntaggedVariant { name: RustName::known("List"), ty: list, docs: Docs::default() },
                    UntaggedVariant {
                        name: RustName::known("Other"),
                        ty: TypeRef::Json,
                        docs: Docs { description: Some("A value that is not a list.".to_owned()), ..Docs::default() },
                    },
                ];
                let docs = self.docs_of_schema(&schema.schema_data, view);
                self.define(slot, words, pointer, docs, TypeKind::UntaggedUnion(UntaggedUnion { variants }))
            }
            // An `enum` of one JSON type says the type it leaves out.
            None if !view.enumeration.is_empty() && view.enumeration.iter().all(serde_json::Value::is_boolean) => TypeRef::Bool,
            None if !view.enumeration.is_empty() && view.enumeration.iter().all(serde_json::Value::is_number) => TypeRef::Float,
            None if !view.enumeration.is_empty() => {
                self.diagnostics.report(
                    DiagnosticKind::MixedEnum,
                    pointer,
                    "an `enum` of values that are not all strings is kept as `serde_json::Value`",
                );
                TypeRef::Json
            }
            None => TypeRef::Json,
            Some(SchemaType::Unknown(other)) => {
                let message = format!("unknown `type: {other}`: the value is kept as `serde_json::Value`");
                self.diagnostics.report(DiagnosticKind::UnknownType, pointer, message);
                TypeRef::Json
            }
        }
    }

    fn lower_array(&mut self, view: &View<'s>, pointer: &Pointer, words: &[Word]) -> TypeRef {
        let Some(items) = view.items else {
            return TypeRef::List(Box::new(TypeRef::Json));
        };
        let mut item_words = words.to_vec();
        match item_words.pop() {
            Some(Word::Text(last)) => item_words.push(Word::Text(naming::singular(&last).unwrap_or_else(|| format!("{last} item")))),
            Some(position) => item_words.extend([position, Word::from("item")]),
            None => {}
        }
        TypeRef::List(Box::new(self.lower_node(items, &pointer.join("items"), &item_words)))
    }

    fn lower_additional(&mut self, additional: &'s AdditionalProperties, pointer: &Pointer, words: &[Word]) -> Option<TypeRef> {
        match additional {
            AdditionalProperties::Any(false) => None,
            AdditionalProperties::Any(true) => Some(TypeRef::Json),
            AdditionalProperties::Schema(schema) => {
                let mut value_words = words.to_vec();
                value_words.push(Word::from("value"));
                Some(self.lower_node(Node::of(schema), &pointer.join("additionalProperties"), &value_words))
            }
        }
    }

    fn lower_object(
        &mut self,
        schema: &'s Schema,
        view: &View<'s>,
        pointer: &Pointer,
        words: &[Word],
        slot: Option<TypeId>,
    ) -> TypeRef {
        if !view.has_properties() {
            return match view.additional.and_then(|additional| self.lower_additional(additional, pointer, words)) {
                None | Some(TypeRef::Json) => TypeRef::JsonObject,
                Some(value) => TypeRef::Map(Box::new(value)),
            };
        }
        let key = self.shared_key(pointer, schema);
        if slot.is_none() {
            if let Some(shared) = self.find_shared(&key, words) {
                return shared;
            }
        }
        let mut parts = Parts::default();
        self.collect_view(view, pointer, &mut parts, 0);
        let body = self.lower_struct(&parts, words, &[], Undeclared::Keep);
        let docs = self.docs_of_schema(&schema.schema_data, view);
        self.define_shared(key, slot, words, pointer, docs, TypeKind::Struct(body))
    }

    fn lower_string_enum(
        &mut self,
        schema: &'s Schema,
        view: &View<'s>,
        pointer: &Pointer,
        words: &[Word],
        slot: Option<TypeId>,
    ) -> TypeRef {
        let values: Vec<&str> = view.enumeration.iter().filter_map(serde_json::Value::as_str).collect();
        let names = variant_names_extension(schema, values.len());
        // Enums are shared by their values alone: the same list of values is
        // the same type, whatever each place says about it.
        let key = format!("enum:{}:{names:?}", serde_json::Value::from(values.clone()));
        if slot.is_none() {
            if let Some(shared) = self.find_shared(&key, words) {
                return shared;
            }
        }
        let kind = TypeKind::Enum(string_enum(&values, names.as_deref()));
        let docs = self.docs_of_schema(&schema.schema_data, view);
        self.define_shared(key, slot, words, pointer, docs, kind)
    }

    /// Defines a type that later places with the same `key` share (unless
    /// it fills a component's `slot`).
    fn define_shared(
        &mut self,
        key: String,
        slot: Option<TypeId>,
        words: &[Word],
        pointer: &Pointer,
        docs: Docs,
        kind: TypeKind,
    ) -> TypeRef {
        let ty = self.define(slot, words, pointer, docs, kind);
        if let (None, TypeRef::Named(id)) = (slot, &ty) {
            self.shared.insert(key, *id);
        }
        ty
    }

    fn lower_integer_enum(
        &mut self,
        schema: &'s Schema,
        view: &View<'s>,
        pointer: &Pointer,
        words: &[Word],
        slot: Option<TypeId>,
    ) -> TypeRef {
        let values: Vec<i64> = view.enumeration.iter().filter_map(serde_json::Value::as_i64).collect();
        let names = variant_names_extension(schema, values.len());
        let key = format!("integer enum:{values:?}:{names:?}");
        if slot.is_none() {
            if let Some(shared) = self.find_shared(&key, words) {
                return shared;
            }
        }
        let mut namespace = Namespace::default();
        let mut seen = BTreeSet::new();
        let known: Vec<(RustName, i64)> = values
            .iter()
            .enumerate()
            .filter(|(_, value)| seen.insert(**value))
            .map(|(index, value)| {
                let candidate = match names.as_ref().and_then(|names| names.get(index)) {
                    Some(name) => naming::variant_name(name).into(),
                    None if *value < 0 => format!("Minus{}", value.unsigned_abs()),
                    None => format!("V{value}"),
                };
                (namespace.claim(&candidate, ""), *value)
            })
            .collect();
        let other = catch_all_variant(&mut namespace);
        let kind = TypeKind::IntegerEnum(crate::ir::IntegerEnum { values: known, other });
        // The values are the enum's variants: the docs need not list them.
        let docs = self.docs_of_values(&schema.schema_data, view, false);
        self.define_shared(key, slot, words, pointer, docs, kind)
    }

    /// Gathers the properties of `node` and of everything it merges in.
    fn collect_node(&mut self, node: Node<'s>, pointer: &Pointer, parts: &mut Parts<'s>, depth: usize) {
        if depth > MAX_REF_DEPTH {
            self.diagnostics.report(DiagnosticKind::AllOfTooDeep, pointer, "`allOf` nests too deeply to be merged");
            return;
        }
        match node {
            Node::Ref(reference) => {
                if parts.merging.contains(&reference) {
                    let message = format!("`$ref: {reference}` merges a schema into itself through `allOf`: it cannot be a Rust type");
                    self.diagnostics.report(DiagnosticKind::SelfMerge, pointer, message);
                    return;
                }
                if let Some((name, schema)) = self.component(reference, pointer) {
                    // A schema elsewhere in the document is keyed by its `$ref`, which is its place.
                    let component_pointer = Pointer::from_fragment(name)
                        .unwrap_or_else(|| Pointer::root().join("components").join("schemas").join(name));
                    parts.merging.push(reference);
                    self.collect_node(Node::of(schema), &component_pointer, parts, depth + 1);
                    parts.merging.pop();
                }
            }
            Node::Schema(schema) => {
                let view = view(schema);
                if !view.one_of.is_empty() || !view.any_of.is_empty() {
                    parts.unions.push((schema, pointer.clone()));
                }
                self.collect_view(&view, pointer, parts, depth);
            }
        }
    }

    fn collect_view(&mut self, view: &View<'s>, pointer: &Pointer, parts: &mut Parts<'s>, depth: usize) {
        for (name, node) in &view.properties {
            let property_pointer = pointer.join("properties").join(name);
            match parts.properties.iter_mut().find(|(existing, _, _)| existing == name) {
                // A later part refines a property an earlier one declared.
                Some(existing) => *existing = (name, *node, property_pointer),
                None => parts.properties.push((name, *node, property_pointer)),
            }
        }
        for name in &view.required {
            parts.required.entry(name).or_insert_with(|| pointer.join("required"));
        }
        if let (None, Some(additional)) = (&parts.additional, view.additional) {
            parts.additional = Some((additional, pointer.clone()));
        }
        for (index, node) in view.all_of.iter().enumerate() {
            self.collect_node(*node, &pointer.join("allOf").join(index), parts, depth + 1);
        }
        let is_object_like = view.has_properties()
            || view.ty == Some(SchemaType::Object)
            || !view.all_of.is_empty()
            || !view.one_of.is_empty()
            || !view.any_of.is_empty()
            || view.is_unconstrained();
        if !is_object_like {
            parts.non_objects.push(pointer.clone());
        }
    }

    /// Makes the fields of a struct from gathered properties, leaving out
    /// `skip`; `undeclared` says what becomes of the names `required` lists
    /// that `properties` does not.
    fn lower_struct(&mut self, parts: &Parts<'s>, words: &[Word], skip: &[&str], undeclared: Undeclared) -> Struct {
        let kept: Vec<&(&'s str, Node<'s>, Pointer)> =
            parts.properties.iter().filter(|(json_name, _, _)| !skip.contains(json_name)).collect();
        // A property whose name is already its Rust name keeps it; the
        // others (`fooBar`, `FooBar` beside `foo_bar`) are numbered.
        let mut names = Namespace::default();
        let mut field_names: Vec<Option<RustName>> = kept
            .iter()
            .map(|(json_name, _, _)| {
                let name = naming::field_name(json_name);
                (name == *json_name).then(|| names.claim(&name, "_"))
            })
            .collect();
        for ((json_name, _, _), field_name) in kept.iter().zip(&mut field_names) {
            if field_name.is_none() {
                *field_name = Some(names.claim(&naming::field_name(json_name), "_"));
            }
        }
        let mut fields = Vec::new();
        for ((json_name, node, pointer), field_name) in kept.into_iter().zip(field_names) {
            let mut field_words = words.to_vec();
            field_words.push(Word::from(*json_name));
            let ty = self.lower_node(*node, pointer, &field_words);
            let docs = self.docs_of_node(*node, pointer);
            // `required` binds a read-only property in responses only
            // (OpenAPI 3.0): a request must be able to leave it out.
            let read_only = matches!(node, Node::Schema(schema) if schema.schema_data.read_only);
            fields.push(Field {
                name: field_name.unwrap_or_default(),
                json_name: (*json_name).to_owned(),
                ty,
                required: parts.required.contains_key(json_name) && !read_only,
                docs,
            });
        }
        for (required, required_pointer) in &parts.required {
            if skip.contains(required) || parts.properties.iter().any(|(name, _, _)| name == required) {
                continue;
            }
            // A name `required` lists without a schema must be there with
            // any value: a field of any value keeps it, unless a map of
            // additional properties does or the object sits in a union
            // (whose other parts may declare it).
            let keep = undeclared == Undeclared::Keep && parts.unions.is_empty() && parts.additional.is_none();
            if keep {
                fields.push(Field {
                    name: names.claim(&naming::field_name(required), "_"),
                    json_name: (*required).to_owned(),
                    ty: TypeRef::Json,
                    required: true,
                    docs: Docs::default(),
                });
            }
            let message = if keep {
                format!("`{required}` is required but not listed in `properties`: it is a field of any JSON value")
            } else {
                format!("`{required}` is required but not listed in `properties`: it is not a field of the generated type")
            };
            self.diagnostics.report(DiagnosticKind::RequiredNotAProperty, required_pointer, message);
        }
        let mut flattened = Vec::new();
        for (index, (schema, pointer)) in parts.unions.iter().enumerate() {
            let mut union_words = words.to_vec();
            union_words.push(Word::Position(if index == 0 { None } else { Some(index + 1) }));
            let union_view = view(schema);
            let ty = self.lower_union(schema, &union_view, pointer, &union_words, None);
            flattened.push(Field {
                name: names.claim("variant", "_"),
                json_name: String::new(),
                ty,
                required: true,
                docs: self.docs_of_schema(&schema.schema_data, &union_view),
            });
        }
        let additional = match parts.additional {
            Some((additional, ref pointer)) => self.lower_additional(additional, pointer, words),
            None => None,
        };
        Struct { fields, flattened, additional }
    }

    /// The one part of an `allOf` that gives it its shape, with its place
    /// and whether another part makes it nullable, when nothing beside the
    /// `allOf` adds to it (properties, `required`, unions) and either
    /// - every other part only describes it (`description`, `example`,
    ///   `nullable`: no type, no properties, no items, no `required`):
    ///   `allOf: [$ref]` is how OpenAPI 3.0 documents a reference with
    ///   siblings, and `allOf: [{type: string, enum: […]}, {description: …}]`
    ///   a described enum, which must stay an enum, not become an empty
    ///   struct; or
    /// - every part is a scalar of one and the same type (`allOf: [$ref to
    ///   a string, {type: string, nullable: true}]`): the value is that
    ///   scalar, taken from the part that says most of it (an `enum`, then a
    ///   `format`, then the first).
    fn shaping_part(&self, view: &View<'s>) -> Option<(usize, Node<'s>, bool)> {
        let adds = view.has_properties()
            || !view.required.is_empty()
            || !view.one_of.is_empty()
            || !view.any_of.is_empty()
            || view.additional.is_some();
        if adds {
            return None;
        }
        let describes_only = |node: &Node<'s>| {
            matches!(node, Node::Schema(schema) if {
                let part = view::view(schema);
                part.is_unconstrained() && part.required.is_empty() && !part.has_not
            })
        };
        let shaping: Vec<(usize, Node<'s>)> =
            view.all_of.iter().copied().enumerate().filter(|(_, node)| !describes_only(node)).collect();
        let described_nullable = view
            .all_of
            .iter()
            .any(|node| matches!(node, Node::Schema(schema) if describes_only(node) && schema.schema_data.nullable));
        match shaping.as_slice() {
            [] => None,
            [(index, part)] => Some((*index, *part, described_nullable)),
            parts => {
                let mut scalar_type = None;
                let mut best: Option<(u8, usize, Node<'s>)> = None;
                let mut nullable = described_nullable;
                for (index, node) in parts {
                    let schema = self.peek_schema(*node)?;
                    let part = view::view(schema);
                    let ty = part.ty.filter(|ty| matches!(ty, SchemaType::String | SchemaType::Integer | SchemaType::Number | SchemaType::Boolean))?;
                    let is_plain = !part.has_properties()
                        && part.additional.is_none()
                        && part.all_of.is_empty()
                        && part.one_of.is_empty()
                        && part.any_of.is_empty()
                        && !part.has_not;
                    if !is_plain || scalar_type.is_some_and(|seen| seen != ty) {
                        return None;
                    }
                    scalar_type = Some(ty);
                    nullable |= schema.schema_data.nullable || part.enum_has_null;
                    let says = if !part.enumeration.is_empty() {
                        2
                    } else {
                        u8::from(part.format.is_some())
                    };
                    if best.is_none_or(|(said, _, _)| says > said) {
                        best = Some((says, *index, *node));
                    }
                }
                best.map(|(_, index, node)| (index, node, nullable))
            }
        }
    }

    fn lower_all_of(
        &mut self,
        schema: &'s Schema,
        view: &View<'s>,
        pointer: &Pointer,
        words: &[Word],
        slot: Option<TypeId>,
    ) -> TypeRef {
        if let Some((index, part, nullable)) = self.shaping_part(view) {
            let ty = self.lower_node(part, &pointer.join("allOf").join(index), words);
            return match ty {
                TypeRef::Json | TypeRef::Nullable(_) => ty,
                ty if nullable => TypeRef::Nullable(Box::new(ty)),
                ty => ty,
            };
        }
        let key = self.shared_key(pointer, schema);
        if slot.is_none() {
            if let Some(shared) = self.find_shared(&key, words) {
                return shared;
            }
        }
        let mut parts = Parts::default();
        self.collect_node(Node::Schema(schema), pointer, &mut parts, 0);
        for non_object in &parts.non_objects {
            self.diagnostics.report(
                DiagnosticKind::AllOfNonObject,
                non_object,
                "this `allOf` part is not an object: only the object parts are merged into the generated struct",
            );
        }
        let docs = self.docs_of_schema(&schema.schema_data, view);
        if parts.properties.is_empty() && parts.additional.is_none() {
            if let [(union, union_pointer)] = parts.unions.as_slice() {
                return self.lower_union(union, &view::view(union), union_pointer, words, slot);
            }
        }
        let body = self.lower_struct(&parts, words, &[], Undeclared::Keep);
        self.define_shared(key, slot, words, pointer, docs, TypeKind::Struct(body))
    }

    /// Gathers a union variant as an object, or `None` when it is not one.
    fn object_variant(&mut self, node: Node<'s>, pointer: &Pointer) -> Option<ObjectVariant<'s>> {
        let mut parts = Parts::default();
        self.collect_node(node, pointer, &mut parts, 0);
        if parts.properties.is_empty() || !parts.unions.is_empty() || !parts.non_objects.is_empty() {
            return None;
        }
        let (docs, component) = match node {
            Node::Ref(reference) => {
                // The `$ref`'s own description, else the schema's; deprecated
                // or undocumented when either says so.
                let mut docs = self.docs_of_node(node, pointer);
                if let Some((_, ReferenceOr::Item(schema))) = self.peek_component(reference) {
                    let target = self.docs_of_schema(&schema.schema_data, &view(schema));
                    if docs.description.is_none() && docs.title.is_none() {
                        docs.description = target.description;
                        docs.title = target.title;
                    }
                    docs.deprecated = docs.deprecated.or(target.deprecated);
                    docs.undocumented = docs.undocumented.or(target.undocumented);
                    docs.draft = docs.draft.or(target.draft);
                }
                (docs, reference.rsplit('/').next())
            }
            Node::Schema(schema) => (self.docs_of_schema(&schema.schema_data, &view(schema)), None),
        };
        Some(ObjectVariant { parts, docs, component })
    }

    fn lower_union(
        &mut self,
        schema: &'s Schema,
        view: &View<'s>,
        pointer: &Pointer,
        words: &[Word],
        slot: Option<TypeId>,
    ) -> TypeRef {
        let variants = spliced_variants(view, pointer);
        if let [(only, only_pointer)] = variants.as_slice() {
            return self.lower_node(*only, only_pointer, words);
        }
        let key = self.shared_key(pointer, schema);
        if slot.is_none() {
            if let Some(shared) = self.find_shared(&key, words) {
                return shared;
            }
        }
        let docs = self.docs_of_schema(&schema.schema_data, view);
        let discriminator = schema.schema_data.discriminator.as_ref();
        let objects: Option<Vec<ObjectVariant<'s>>> =
            variants.iter().map(|(node, variant_pointer)| self.object_variant(*node, variant_pointer)).collect();
        // When every variant is an object, a discriminator fails only with
        // a warning of why.
        let (tagged, all_objects) = match objects {
            Some(objects) => (self.lower_tagged(objects, discriminator, &[], pointer, words), true),
            None => (None, false),
        };
        let ty = match tagged {
            Some(union) => self.define(slot, words, pointer, docs, TypeKind::TaggedUnion(union)),
            None => {
                if discriminator.is_some() && !all_objects {
                    self.diagnostics.report(
                        DiagnosticKind::UnusableDiscriminator,
                        pointer,
                        "the discriminator cannot be used (a variant is not an object with a string tag): \
                         the variants are told apart by shape instead",
                    );
                }
                self.lower_untagged(&variants, pointer, words, slot, docs)
            }
        };
        if let (None, TypeRef::Named(id)) = (slot, &ty) {
            self.shared.insert(key, *id);
        }
        ty
    }

    /// The string values a property's schema allows (`enum`), if it lists any.
    fn string_values(&mut self, node: Node<'s>, pointer: &Pointer) -> Option<Vec<String>> {
        let schema = match node {
            Node::Schema(schema) => schema,
            Node::Ref(reference) => match self.component(reference, pointer)?.1 {
                ReferenceOr::Item(schema) => schema,
                ReferenceOr::Reference { .. } => return None,
            },
        };
        let view = view(schema);
        let values: Vec<String> = view.enumeration.iter().filter_map(|value| value.as_str().map(str::to_owned)).collect();
        (!values.is_empty() && values.len() == view.enumeration.len()).then_some(values)
    }

    fn property<'p>(parts: &'p Parts<'s>, name: &str) -> Option<&'p (&'s str, Node<'s>, Pointer)> {
        parts.properties.iter().find(|(property, _, _)| *property == name)
    }

    /// Picks the property that tells the variants apart when the spec names
    /// none: one every variant has, with a single string value in each.
    /// Returns it with each variant's value.
    fn implicit_tag(&mut self, variants: &[ObjectVariant<'s>], skip: &[&str]) -> Option<(&'s str, Vec<String>)> {
        let first = variants.first()?;
        let mut best: Option<(&'s str, Vec<String>, usize)> = None;
        for (name, _, _) in &first.parts.properties {
            if skip.contains(name) {
                continue;
            }
            let mut values = Vec::new();
            for variant in variants {
                let Some((_, node, pointer)) = Self::property(&variant.parts, name) else { break };
                match self.string_values(*node, pointer) {
                    Some(mut single) if single.len() == 1 => values.push(single.remove(0)),
                    _ => break,
                }
            }
            if values.len() != variants.len() {
                continue;
            }
            let distinct = values.iter().collect::<BTreeSet<_>>().len();
            if distinct >= 2 && best.as_ref().is_none_or(|(_, _, best_distinct)| distinct > *best_distinct) {
                best = Some((name, values, distinct));
            }
        }
        best.map(|(name, values, _)| (name, values))
    }

    /// The tag values of each variant under an explicit `discriminator`.
    fn explicit_tag_values(
        &mut self,
        variants: &[ObjectVariant<'s>],
        discriminator: &Discriminator,
        pointer: &Pointer,
    ) -> Option<Vec<Vec<String>>> {
        let tag = discriminator.property_name.as_str();
        let mut all = Vec::new();
        for variant in variants {
            let mut values: Vec<String> = match variant.component {
                Some(component) => discriminator
                    .mapping
                    .iter()
                    .filter(|(_, target)| target.rsplit('/').next() == Some(component))
                    .map(|(value, _)| value.clone())
                    .collect(),
                None => Vec::new(),
            };
            if values.is_empty() {
                if let Some((_, node, property_pointer)) = Self::property(&variant.parts, tag) {
                    values = self.string_values(*node, property_pointer).unwrap_or_default();
                }
            }
            if values.is_empty() {
                values.extend(variant.component.map(str::to_owned));
            }
            if values.is_empty() {
                self.diagnostics.report(
                    DiagnosticKind::MissingDiscriminatorValue,
                    pointer,
                    format!("a variant gives no value for the discriminator `{tag}` (no `enum`, no `mapping`, no `$ref`)"),
                );
                return None;
            }
            all.push(values);
        }
        Some(all)
    }

    fn lower_tagged(
        &mut self,
        variants: Vec<ObjectVariant<'s>>,
        discriminator: Option<&'s Discriminator>,
        skip: &[&'s str],
        pointer: &Pointer,
        words: &[Word],
    ) -> Option<TaggedUnion> {
        let (tag, values): (&'s str, Vec<Vec<String>>) = match discriminator {
            Some(discriminator) => {
                let values = self.explicit_tag_values(&variants, discriminator, pointer)?;
                (discriminator.property_name.as_str(), values)
            }
            None => {
                let (tag, values) = self.implicit_tag(&variants, skip)?;
                (tag, values.into_iter().map(|value| vec![value]).collect())
            }
        };
        // Group the variants by tag value, keeping the order of the spec.
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        for (index, variant_values) in values.iter().enumerate() {
            for value in variant_values {
                match groups.iter_mut().find(|(existing, _)| existing == value) {
                    Some((_, members)) => members.push(index),
                    None => groups.push((value.clone(), vec![index])),
                }
            }
        }
        if discriminator.is_some() && groups.iter().any(|(_, members)| members.len() > 1) {
            let message = format!("two variants share a value of the discriminator `{tag}`");
            self.diagnostics.report(DiagnosticKind::DuplicateDiscriminatorValue, pointer, message);
            return None;
        }
        let mut skip_here = skip.to_vec();
        skip_here.push(tag);
        let mut variants: Vec<Option<ObjectVariant<'s>>> = variants.into_iter().map(Some).collect();
        let mut names = Namespace::default();
        let mut out = Vec::new();
        for (value, members) in groups {
            let mut variant_words = words.to_vec();
            variant_words.push(Word::Text(value.clone()));
            let name = names.claim(&naming::variant_name(&value), "");
            let (docs, body) = if let [only] = members.as_slice() {
                let Some(variant) = variants.get(*only).and_then(Option::as_ref) else { continue };
                let docs = variant.docs.clone();
                (docs, VariantBody::Struct(self.lower_struct(&variant.parts, &variant_words, &skip_here, Undeclared::Leave)))
            } else {
                let members: Vec<ObjectVariant<'s>> = members.iter().filter_map(|index| variants.get_mut(*index)?.take()).collect();
                let nested = self.lower_group(members, &skip_here, pointer, &variant_words);
                (Docs::default(), VariantBody::Nested(nested))
            };
            out.push(TaggedVariant { name, tag_value: value, docs, body });
        }
        let other = if names.contains("Unknown") { names.claim("Other", "") } else { names.claim("Unknown", "") };
        Some(TaggedUnion { tag: tag.to_owned(), variants: out, other })
    }

    /// Lowers variants that share a tag value, told apart by another property
    /// or, failing that, by shape.
    fn lower_group(&mut self, members: Vec<ObjectVariant<'s>>, skip: &[&'s str], pointer: &Pointer, words: &[Word]) -> TypeRef {
        if let Some((_, _)) = self.implicit_tag(&members, skip) {
            if let Some(union) = self.lower_tagged(members, None, skip, pointer, words) {
                return self.define(None, words, pointer, Docs::default(), TypeKind::TaggedUnion(union));
            }
            return TypeRef::Json;
        }
        let mut names = Namespace::default();
        let mut variants = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let name = names.claim(&format!("Variant{}", index + 1), "");
            let mut variant_words = words.to_vec();
            variant_words.push(Word::Position(Some(index + 1)));
            let body = self.lower_struct(&member.parts, &variant_words, skip, Undeclared::Leave);
            let ty = self.define(None, &variant_words, pointer, member.docs.clone(), TypeKind::Struct(body));
            variants.push(UntaggedVariant { name, ty, docs: member.docs.clone() });
        }
        self.define(None, words, pointer, Docs::default(), TypeKind::UntaggedUnion(UntaggedUnion { variants }))
    }

    fn lower_untagged(
        &mut self,
        variants: &[(Node<'s>, Pointer)],
        pointer: &Pointer,
        words: &[Word],
        slot: Option<TypeId>,
        docs: Docs,
    ) -> TypeRef {
        // Variants that are all string enums are one string enum on the wire.
        let views: Vec<Option<View<'s>>> = variants
            .iter()
            .map(|(node, _)| match node {
                Node::Schema(schema) => Some(view(schema)),
                Node::Ref(_) => None,
            })
            .collect();
        let all_string_enums = views.iter().all(|view| {
            view.as_ref().is_some_and(|view| {
                !view.enumeration.is_empty()
                    && view.enumeration.iter().all(serde_json::Value::is_string)
                    && matches!(view.ty, None | Some(SchemaType::String))
            })
        });
        if all_string_enums {
            let mut values: Vec<&str> = Vec::new();
            for view in views.iter().flatten() {
                for value in view.enumeration.iter().filter_map(serde_json::Value::as_str) {
                    if !values.contains(&value) {
                        values.push(value);
                    }
                }
            }
            return self.define(slot, words, pointer, docs, TypeKind::Enum(string_enum(&values, None)));
        }
        let mut names = Namespace::default();
        let mut out = Vec::new();
        for (index, (node, variant_pointer)) in variants.iter().enumerate() {
            let word = variant_word(*node, index, &views);
            let mut variant_words = words.to_vec();
            variant_words.push(word.clone());
            let ty = self.lower_node(*node, variant_pointer, &variant_words);
            let docs = self.docs_of_node(*node, variant_pointer);
            out.push(UntaggedVariant { name: names.claim(&naming::variant_name(&word.text()), ""), ty, docs });
        }
        if out.windows(2).all(|pair| matches!(pair, [a, b] if a.ty == b.ty)) {
            if let Some(first) = out.into_iter().next() {
                return first.ty;
            }
            return TypeRef::Json;
        }
        self.define(slot, words, pointer, docs, TypeKind::UntaggedUnion(UntaggedUnion { variants: out }))
    }

    /// Documentation of a property or variant, whether inline or a `$ref`.
    fn docs_of_node(&mut self, node: Node<'s>, pointer: &Pointer) -> Docs {
        match node {
            Node::Schema(schema) => self.docs_of_schema(&schema.schema_data, &view(schema)),
            Node::Ref(_) => {
                // `openapiv3` drops the siblings of `$ref`; the raw document has them.
                let raw = self.spec.raw.pointer(pointer.as_json_pointer()).and_then(serde_json::Value::as_object);
                let mut docs = Docs::default();
                if let Some(raw) = raw {
                    docs.description = raw.get("description").and_then(|v| v.as_str()).map(str::to_owned);
                    docs.title = raw.get("title").and_then(|v| v.as_str()).map(str::to_owned);
                    let deprecated = raw.get("deprecated").and_then(serde_json::Value::as_bool).unwrap_or(false);
                    apply_extensions(&mut docs, self.extensions, deprecated, |name| raw.get(name));
                }
                docs
            }
        }
    }

    fn docs_of_schema(&self, data: &SchemaData, view: &View<'_>) -> Docs {
        self.docs_of_values(data, view, true)
    }

    /// The docs of a schema; with `list_values`, the values of an `enum`
    /// that is not of strings are listed (`one of `1`, `2``), which a type
    /// that has them as its variants leaves out.
    fn docs_of_values(&self, data: &SchemaData, view: &View<'_>, list_values: bool) -> Docs {
        let mut docs = Docs {
            title: data.title.clone(),
            description: data.description.clone(),
            constraints: view.constraints.clone(),
            default: data.default.as_ref().map(|value| value.to_string()),
            ..Docs::default()
        };
        if let Some(format) = &view.format {
            docs.constraints.push(format!("format `{format}`"));
        }
        // What an OpenAPI 3.1 schema constrains beyond 3.0, in words (see `load::openapi31`).
        let rewritten = data.extensions.get(crate::load::CONSTRAINTS).and_then(serde_json::Value::as_array);
        docs.constraints.extend(rewritten.into_iter().flatten().filter_map(serde_json::Value::as_str).map(str::to_owned));
        let non_string_enum = !view.enumeration.is_empty() && !view.enumeration.iter().all(serde_json::Value::is_string);
        if non_string_enum && list_values {
            let values: Vec<String> = view.enumeration.iter().map(|value| format!("`{value}`")).collect();
            docs.constraints.push(format!("one of {}", values.join(", ")));
        }
        apply_extensions(&mut docs, self.extensions, data.deprecated, |name| data.extensions.get(name));
        docs
    }
}

/// Reads the extensions that mark an item deprecated, undocumented or a
/// draft, as `extensions` names them, into `docs`.
fn apply_extensions<'v>(
    docs: &mut Docs,
    extensions: &crate::ExtensionSettings,
    deprecated: bool,
    get: impl Fn(&str) -> Option<&'v serde_json::Value>,
) {
    let get = |name: &Option<String>| name.as_deref().and_then(&get);
    let note = |value: Option<&serde_json::Value>| -> Option<String> {
        match value? {
            serde_json::Value::Bool(false) | serde_json::Value::Null => None,
            serde_json::Value::String(text) => Some(text.clone()),
            _ => Some(String::new()),
        }
    };
    let deprecated_note = note(get(&extensions.deprecated));
    if deprecated || deprecated_note.is_some() {
        docs.deprecated = Some(Deprecation { note: deprecated_note.filter(|note| !note.is_empty()) });
    }
    docs.undocumented = note(get(&extensions.undocumented));
    docs.draft = note(get(&extensions.draft));
}

/// The variant names a schema gives its `enum` values (`x-enum-varnames`,
/// or `x-enumNames`), when it gives one per value.
fn variant_names_extension(schema: &Schema, n_values: usize) -> Option<Vec<String>> {
    ["x-enum-varnames", "x-enumNames"].iter().find_map(|extension| {
        let names: Vec<String> = schema
            .schema_data
            .extensions
            .get(*extension)?
            .as_array()?
            .iter()
            .map(|name| name.as_str().map(str::to_owned))
            .collect::<Option<_>>()?;
        (names.len() == n_values).then_some(names)
    })
}

/// The enum of `values`, its variants named after `names` when given; a
/// value listed twice is one variant.
fn string_enum(values: &[&str], names: Option<&[String]>) -> StringEnum {
    let mut namespace = Namespace::default();
    let mut seen = BTreeSet::new();
    let values: Vec<EnumValue> = values
        .iter()
        .enumerate()
        .filter(|(_, value)| seen.insert(**value))
        .map(|(index, value)| {
            let raw = names.and_then(|names| names.get(index)).map_or(*value, String::as_str);
            EnumValue { name: namespace.claim(&naming::variant_name(raw), ""), value: (*value).to_owned() }
        })
        .collect();
    let other = catch_all_variant(&mut namespace);
    StringEnum { values, other }
}

/// The name of an open enum's variant for values the spec does not list:
/// `Unknown`, or `Other` when a listed value took `Unknown`.
fn catch_all_variant(namespace: &mut Namespace) -> RustName {
    let name = if namespace.contains("Unknown") { "Other" } else { "Unknown" };
    namespace.claim(name, "")
}

/// The variants of a `oneOf` (else `anyOf`) with their places, a variant
/// that is itself only an inline `oneOf`/`anyOf` (no title, type, properties
/// or other keywords) replaced by its own variants: a value matches the
/// outer union exactly when it matches one of them, and each then gets a
/// name from what it is rather than from its position in the inner list.
fn spliced_variants<'s>(view: &View<'s>, pointer: &Pointer) -> Vec<(Node<'s>, Pointer)> {
    let (keyword, variants) = if view.one_of.is_empty() { ("anyOf", &view.any_of) } else { ("oneOf", &view.one_of) };
    let base = pointer.join(keyword);
    let mut out = Vec::new();
    for (index, node) in variants.iter().enumerate() {
        let variant_pointer = base.join(index);
        match node {
            Node::Schema(schema) if only_a_union(schema) => out.extend(spliced_variants(&view::view(schema), &variant_pointer)),
            _ => out.push((*node, variant_pointer)),
        }
    }
    out
}

/// Whether an inline schema is nothing but a `oneOf` or `anyOf`.
fn only_a_union(schema: &Schema) -> bool {
    let view = view::view(schema);
    let data = &schema.schema_data;
    let union = view.one_of.is_empty() != view.any_of.is_empty();
    let rest = View { one_of: Vec::new(), any_of: Vec::new(), ..view };
    union
        && rest.is_unconstrained()
        && rest.required.is_empty()
        && !rest.has_not
        && data.title.is_none()
        && !data.nullable
        && data.discriminator.is_none()
}

/// The word that names one variant of an untagged union, from what it is:
/// its `$ref` name or `title`; for an object, the required properties
/// only it has, the value of a property that is a constant in it and
/// another in the others (`is_managed: true`), the properties only it
/// lists, its one property or the few it requires; else its type. Its
/// position only when nothing else tells it apart.
fn variant_word(node: Node<'_>, index: usize, views: &[Option<View<'_>>]) -> Word {
    variant_text(node, index, views).map_or(Word::Position(Some(index + 1)), Word::Text)
}

/// The text of [`variant_word`], `None` when only the position tells the
/// variant apart.
fn variant_text(node: Node<'_>, index: usize, views: &[Option<View<'_>>]) -> Option<String> {
    let view = match (node, views.get(index).and_then(Option::as_ref)) {
        (Node::Ref(reference), _) => return reference.rsplit('/').next().map(str::to_owned),
        (Node::Schema(schema), Some(view)) => {
            if let Some(title) = &schema.schema_data.title {
                return Some(title.clone());
            }
            view
        }
        (Node::Schema(_), None) => return None,
    };
    if view.has_properties() || view.ty == Some(SchemaType::Object) {
        // The required properties no other variant requires.
        let required_elsewhere = |name: &str| {
            views.iter().enumerate().any(|(other, view)| other != index && view.as_ref().is_some_and(|view| view.required.contains(&name)))
        };
        let own: Vec<&str> =
            view.required.iter().copied().filter(|name| !required_elsewhere(name)).collect::<BTreeSet<_>>().into_iter().collect();
        if let 1..=3 = own.len() {
            return Some(own.join(" and "));
        }
        if let Some(word) = constant_word(view, index, views) {
            return Some(word);
        }
        // The properties no other variant lists.
        let listed_elsewhere = |name: &str| {
            views.iter().enumerate().any(|(other, view)| {
                other != index && view.as_ref().is_some_and(|view| view.properties.iter().any(|(property, _)| *property == name))
            })
        };
        let only_here: Vec<&str> = view.properties.iter().map(|(name, _)| *name).filter(|name| !listed_elsewhere(name)).collect();
        if let 1..=3 = only_here.len() {
            return Some(only_here.join(" and "));
        }
        return match (view.properties.as_slice(), view.required.as_slice()) {
            ([(only, _)], _) => Some((*only).to_owned()),
            // Any object (none of the others' properties needed).
            ([], []) if view.additional.is_none() => Some("object".to_owned()),
            // What it asks for, when it asks for less than the others.
            (_, required) if (1..=3).contains(&required.len()) => {
                Some(required.iter().copied().collect::<BTreeSet<&str>>().into_iter().collect::<Vec<_>>().join(" and "))
            }
            _ => None,
        };
    }
    match view.ty {
        Some(SchemaType::String) if !view.enumeration.is_empty() => Some("known".to_owned()),
        Some(SchemaType::String) => Some("string".to_owned()),
        Some(SchemaType::Boolean) => Some("bool".to_owned()),
        Some(SchemaType::Integer) => Some("integer".to_owned()),
        Some(SchemaType::Number) => Some("number".to_owned()),
        Some(SchemaType::Array) => Some("list".to_owned()),
        _ => None,
    }
}

/// The word of an object variant that one of its properties tells apart
/// from every other variant by a constant value (`enum` of one value that
/// no other variant allows: each either does not list the property or
/// lists values without it):
/// the value for a string, the property's name for `true` and "not" and
/// the name for `false` (`is_` left out: `managed`, `not managed`), the
/// name and the value for a number.
fn constant_word(view: &View<'_>, index: usize, views: &[Option<View<'_>>]) -> Option<String> {
    // The values a variant allows for the property: `None` when it does
    // not list the property, empty when it allows any.
    let allowed = |view: &View<'_>, name: &str| -> Option<Vec<serde_json::Value>> {
        match view.properties.iter().find(|(property, _)| *property == name)? {
            (_, Node::Schema(schema)) => Some(view::view(schema).enumeration),
            (_, Node::Ref(_)) => Some(Vec::new()),
        }
    };
    view.properties.iter().find_map(|(name, _)| {
        let [value] = allowed(view, name)?.try_into().ok()?;
        // No other variant allows this value for the property.
        let unique = views.iter().enumerate().filter(|(other, _)| *other != index).all(|(_, other)| {
            match other.as_ref().map(|other| allowed(other, name)) {
                Some(None) => true,
                Some(Some(theirs)) => !theirs.is_empty() && !theirs.contains(&value),
                None => false,
            }
        });
        if !unique {
            return None;
        }
        let subject = name.strip_prefix("is_").unwrap_or(name);
        Some(match &value {
            serde_json::Value::String(text) => text.clone(),
            serde_json::Value::Bool(true) => subject.to_owned(),
            serde_json::Value::Bool(false) => format!("not {subject}"),
            other => format!("{name} {other}"),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, DiagnosticKind};

    /// The diagnostics of generating `text`, a whole crate, errors first.
    fn diagnostics(text: &str) -> Vec<Diagnostic> {
        let spec = crate::parse_spec("t.json", text).unwrap();
        match crate::generate(&spec, &crate::Settings::new("t")) {
            Ok(output) => output.warnings,
            Err(err) => err.diagnostics,
        }
    }

    /// Component schemas `c000` … `c{n}`, each but the last with a property
    /// `x` that merges the next one through `allOf`, so that lowering `c000`
    /// lowers the next ones inline: `n + 2` schemas at once (`c000`, the `n`
    /// properties `x`, a string property of the last), however shallow the
    /// document.
    fn chain_of_inline_merges(n: usize) -> String {
        let mut schemas = serde_json::Map::new();
        for index in 0..n {
            let x = serde_json::json!({"allOf": [
                {"$ref": format!("#/components/schemas/c{:03}", index + 1)},
                {"type": "object", "properties": {format!("p{index}"): {"type": "string"}}},
            ]});
            schemas.insert(format!("c{index:03}"), serde_json::json!({"type": "object", "properties": {"x": x}}));
        }
        schemas.insert(format!("c{n:03}"), serde_json::json!({"type": "object", "properties": {"last": {"type": "string"}}}));
        let document = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": schemas},
        });
        document.to_string()
    }

    #[test]
    fn schemas_nested_to_the_limit_generate_and_deeper_ones_are_located_errors() {
        assert_eq!(diagnostics(&chain_of_inline_merges(MAX_NESTING - 2)), []);
        let errors = diagnostics(&chain_of_inline_merges(MAX_NESTING - 1));
        assert!(!errors.is_empty());
        for error in &errors {
            assert_eq!(error.kind, DiagnosticKind::NestingTooDeep, "{error}");
        }
        let innermost = format!("#/components/schemas/c{:03}/properties/last", MAX_NESTING - 1);
        assert!(errors.iter().any(|error| error.pointer == innermost), "{errors:?}");
    }

    /// Component schemas `c0` … `c{n}`, each but the last merging the
    /// next through `allOf`.
    fn all_of_chain(n: usize) -> String {
        let mut schemas = serde_json::Map::new();
        for index in 0..n {
            let schema = serde_json::json!({"allOf": [
                {"$ref": format!("#/components/schemas/c{}", index + 1)},
                {"type": "object", "properties": {format!("p{index}"): {"type": "string"}}},
            ]});
            schemas.insert(format!("c{index}"), schema);
        }
        let last = serde_json::json!({"type": "object", "properties": {"last": {"type": "string"}}});
        schemas.insert(format!("c{n}"), last);
        let document = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": schemas},
        });
        document.to_string()
    }

    #[test]
    fn all_of_chains_to_the_limit_merge_and_longer_ones_are_located_errors() {
        // Each link of the chain is two steps: the `$ref`, then its schema.
        let longest = MAX_REF_DEPTH / 2;
        assert_eq!(diagnostics(&all_of_chain(longest)), []);
        let errors = diagnostics(&all_of_chain(longest + 1));
        assert!(!errors.is_empty());
        for error in &errors {
            assert_eq!(error.kind, DiagnosticKind::AllOfTooDeep, "{error}");
            assert!(error.pointer.starts_with(&format!("#/components/schemas/c{longest}/allOf/")), "{error}");
        }
    }

    #[test]
    fn chains_of_security_scheme_refs_to_the_limit_resolve_and_longer_ones_are_located_errors() {
        let chain = |hops: usize| {
            let mut schemes = serde_json::Map::new();
            for index in 0..hops {
                schemes.insert(format!("s{index}"), serde_json::json!({"$ref": format!("#/components/securitySchemes/s{}", index + 1)}));
            }
            schemes.insert(format!("s{hops}"), serde_json::json!({"type": "http", "scheme": "bearer"}));
            let document = serde_json::json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1"},
                "paths": {},
                "components": {"securitySchemes": schemes},
            });
            document.to_string()
        };
        assert_eq!(diagnostics(&chain(MAX_REF_DEPTH - 1)), []);
        let errors = diagnostics(&chain(MAX_REF_DEPTH));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].kind, DiagnosticKind::RefLoop);
        assert_eq!(errors[0].pointer, "#/components/securitySchemes/s0");
    }

    #[test]
    fn an_enum_without_a_type_of_booleans_or_numbers_is_of_that_type() {
        let text = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    holder:
      type: object
      properties:
        flag: {enum: [true, false]}
        ratio: {enum: [0.5, 1]}
        mixed: {enum: [1, one, true]}
"#;
        let spec = crate::parse_spec("t.yaml", text).unwrap();
        let (api, warnings) = crate::lower(&spec, &crate::Settings::new("t")).unwrap();
        let holder = api.types.values().find(|def| def.name == "Holder").unwrap();
        let TypeKind::Struct(body) = &holder.kind else { panic!("{:?}", holder.kind) };
        let types: Vec<(&str, &TypeRef)> = body.fields.iter().map(|field| (field.json_name.as_str(), &field.ty)).collect();
        assert_eq!(types, [("flag", &TypeRef::Bool), ("mixed", &TypeRef::Json), ("ratio", &TypeRef::Float)]);
        let kinds: Vec<DiagnosticKind> = warnings.iter().map(|warning| warning.kind).collect();
        assert_eq!(kinds, [DiagnosticKind::MixedEnum]);
    }

    #[test]
    fn an_all_of_of_scalars_of_one_type_is_that_scalar_and_of_mixed_parts_a_struct() {
        let text = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    region:
      type: object
      properties:
        slug: {type: string}
    size: {type: string, enum: [s, m]}
    holder:
      type: object
      properties:
        region:
          allOf: [{$ref: '#/components/schemas/region/properties/slug'}, {type: string, nullable: true}]
        size:
          allOf: [{type: string, example: s}, {$ref: '#/components/schemas/size'}]
        count:
          allOf: [{type: integer}, {type: integer, minimum: 1}]
        mixed:
          allOf: [{type: integer}, {type: string}]
        shaped:
          allOf: [{type: string}, {type: object, properties: {a: {type: string}}}]
"#;
        let spec = crate::parse_spec("t.yaml", text).unwrap();
        let (api, _) = crate::lower(&spec, &crate::Settings::new("t")).unwrap();
        let named = |name: &str| api.types.iter().find(|(_, def)| def.name == name).map(|(id, _)| *id).unwrap();
        let holder = &api.types[&named("Holder")];
        let TypeKind::Struct(body) = &holder.kind else { panic!("{:?}", holder.kind) };
        let field = |name: &str| &body.fields.iter().find(|field| field.json_name == name).unwrap().ty;
        let TypeRef::Nullable(region) = field("region") else { panic!("{:?}", field("region")) };
        let TypeRef::Named(region) = **region else { panic!("{region:?}") };
        assert!(matches!(&api.types[&region].kind, TypeKind::Alias(TypeRef::String)), "{:?}", api.types[&region].kind);
        assert_eq!(field("size"), &TypeRef::Named(named("Size")));
        assert_eq!(field("count"), &TypeRef::Integer);
        assert!(matches!(field("mixed"), TypeRef::Named(_)), "{:?}", field("mixed"));
        assert!(matches!(field("shaped"), TypeRef::Named(_)), "{:?}", field("shaped"));
    }

    #[test]
    fn string_enums_list_a_value_once_and_keep_a_catch_all() {
        let values = string_enum(&["on", "off", "on"], None);
        let listed: Vec<(&str, &str)> = values.values.iter().map(|value| (value.name.as_str(), value.value.as_str())).collect();
        assert_eq!(listed, [("On", "on"), ("Off", "off")]);
        assert_eq!(values.other, "Unknown");
        // A listed `unknown` takes the name: the catch-all is `Other`.
        assert_eq!(string_enum(&["unknown"], None).other, "Other");
        let names = ["Enabled".to_owned(), "Disabled".to_owned()];
        let named = string_enum(&["1", "0"], Some(&names));
        let listed: Vec<&str> = named.values.iter().map(|value| value.name.as_str()).collect();
        assert_eq!(listed, ["Enabled", "Disabled"]);
    }

    #[test]
    fn extensions_mark_deprecated_undocumented_and_draft_items() {
        let settings = crate::ExtensionSettings {
            deprecated: Some("x-old".to_owned()),
            undocumented: Some("x-hidden".to_owned()),
            draft: Some("x-beta".to_owned()),
            ..crate::ExtensionSettings::default()
        };
        let extensions = serde_json::json!({"x-old": "use `b`", "x-hidden": true, "x-beta": false});
        let mut docs = Docs::default();
        apply_extensions(&mut docs, &settings, false, |name| extensions.get(name));
        assert_eq!(docs.deprecated, Some(Deprecation { note: Some("use `b`".to_owned()) }));
        assert_eq!(docs.undocumented.as_deref(), Some(""));
        assert_eq!(docs.draft, None);
        // Extensions the settings do not name mean nothing.
        let mut unnamed = Docs::default();
        apply_extensions(&mut unnamed, &crate::ExtensionSettings::default(), false, |name| extensions.get(name));
        assert_eq!(unnamed, Docs::default());
        let mut plain = Docs::default();
        apply_extensions(&mut plain, &settings, true, |_| None);
        assert_eq!(plain.deprecated, Some(Deprecation { note: None }));
    }

    #[test]
    fn variant_names_come_from_an_extension_only_when_it_names_every_value() {
        let schema = |names: serde_json::Value| -> Schema {
            serde_json::from_value(serde_json::json!({"type": "integer", "enum": [0, 1], "x-enum-varnames": names})).unwrap()
        };
        assert_eq!(variant_names_extension(&schema(serde_json::json!(["Off", "On"])), 2), Some(vec!["Off".to_owned(), "On".to_owned()]));
        assert_eq!(variant_names_extension(&schema(serde_json::json!(["Off"])), 2), None);
        assert_eq!(variant_names_extension(&schema(serde_json::json!(["Off", 1])), 2), None);
    }
}
