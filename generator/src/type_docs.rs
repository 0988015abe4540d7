//! The doc line of every type the spec leaves undescribed, from where the
//! type is used: the body of which request or answer, the schema of the
//! spec it is, or the property, item or variant of which other type.
//!
//! A type with a `title` or `description` keeps it; this pass only fills
//! in the others, so that every generated type says what it is for.

use std::collections::BTreeMap;

use crate::ir::{Api, Docs, TypeId, TypeKind, TypeOrigin, TypeRef, VariantBody};

/// Fills in the description of every type that has neither a title nor a
/// description. Runs last among the passes: it names other types, and
/// reads what the returns pass decided each method decodes.
pub(crate) fn describe_types(api: &mut Api, settings: &crate::Settings) {
    let mut lines: BTreeMap<TypeId, String> = BTreeMap::new();
    // The method of each endpoint, as a caller writes it.
    let surface = crate::naming::Surface::new(api, settings);
    // Request and response bodies and parameters, by the first endpoint that uses them.
    for (endpoint, (group, methods)) in api.endpoints.iter().zip(&surface.endpoints) {
        let accessors: Vec<String> = surface.accessor_chain(group).iter().map(|accessor| format!("{accessor}()")).collect();
        let call = format!("`client.{}.{}(..)`", accessors.join("."), methods.name).replace("client..", "client.");
        let place = format!("`{} {}`", endpoint.method, endpoint.path);
        if let Some(id) = endpoint.parameters_type {
            lines.insert(id, format!("The parameters of {call}, which sends {place}."));
        }
        if let Some(TypeRef::Named(id)) = endpoint.body.as_ref().map(|body| &body.ty) {
            lines.entry(*id).or_insert_with(|| format!("The body of a {place} request: what {call} sends."));
        }
        if let Some(TypeRef::Named(id)) = &endpoint.response {
            lines.entry(*id).or_insert_with(|| format!("The body of a successful answer to {place}, which {call} sends."));
        }
        for answer in endpoint.answers.iter().flat_map(|answers| &answers.variants) {
            if let TypeRef::Named(id) = &answer.ty {
                let status = answer.status.map_or_else(|| "2XX".to_owned(), |code| code.to_string());
                lines.entry(*id).or_insert_with(|| format!("The body of a `{status}` answer to {place}, which {call} sends."));
            }
        }
        for answer in &endpoint.errors {
            lines.entry(answer.ty).or_insert_with(|| format!("The body of an error answer to {place}, which {call} sends."));
        }
        if let crate::ir::Returns::Property { json_name, ty, .. } = &endpoint.returns {
            if let (Some(id), how) = held(ty) {
                let what = match how {
                    Holding::Itself => "The",
                    Holding::Item => "An item of the",
                    Holding::Value => "A value of the",
                };
                lines.entry(id).or_insert_with(|| format!("{what} `{json_name}` property of a successful answer to {place}: what {call} returns."));
            }
        }
    }
    // Component schemas by their name in the spec.
    for (id, def) in &api.types {
        if let TypeOrigin::Component(name) = &def.origin {
            lines.entry(*id).or_insert_with(|| format!("The `{name}` schema of the spec."));
        }
    }
    // Inline types by the first place (in the order of the module) that
    // holds them.
    let mut parents: Vec<(&TypeId, (&[crate::naming::RustName], &str))> =
        api.types.iter().map(|(id, def)| (id, (def.module.as_slice(), def.name.as_str()))).collect();
    parents.sort_by_key(|(_, place)| *place);
    for (parent_id, (_, parent)) in parents {
        let Some(def) = api.types.get(parent_id) else { continue };
        for (ty, place) in places(&def.kind) {
            let (id, how) = held(ty);
            let Some(id) = id else { continue };
            let line = match (place, how) {
                (Place::Property(name), Holding::Itself) => format!("The `{name}` property of `{parent}`."),
                (Place::Property(name), Holding::Item) => format!("An item of the `{name}` property of `{parent}`."),
                (Place::Property(name), Holding::Value) => format!("A value of the `{name}` property of `{parent}`."),
                (Place::Variant(value), Holding::Itself) => format!("The values of `{parent}` whose tag is `{value}`."),
                (Place::Variant(_) | Place::Shape, _) => format!("A shape of `{parent}`."),
                (Place::Alias, _) => format!("What `{parent}` stands for."),
            };
            lines.entry(id).or_insert(line);
        }
    }
    // A type nothing holds any more (the part of an answer a method no
    // longer decodes) by where it is in the spec.
    for (id, def) in &api.types {
        lines.entry(*id).or_insert_with(|| format!("The schema at `{}` in the spec.", def.pointer));
    }
    for (id, line) in lines {
        if let Some(def) = api.types.get_mut(&id) {
            if describes_nothing(&def.docs) {
                def.docs.description = Some(line);
            }
        }
    }
}

fn describes_nothing(docs: &Docs) -> bool {
    let blank = |text: &Option<String>| text.as_deref().is_none_or(|text| text.trim().is_empty());
    blank(&docs.title) && blank(&docs.description)
}

/// Where a type sits in another.
enum Place<'a> {
    /// A property, by its name on the wire.
    Property(&'a str),
    /// A variant of a tagged union, by its tag value.
    Variant(&'a str),
    /// A variant of an untagged union.
    Shape,
    /// What an alias or newtype stands for.
    Alias,
}

/// How a place holds a type.
enum Holding {
    Itself,
    Item,
    Value,
}

/// The types `kind` holds directly, each with its place.
fn places(kind: &TypeKind) -> Vec<(&TypeRef, Place<'_>)> {
    fn fields(body: &crate::ir::Struct) -> Vec<(&TypeRef, Place<'_>)> {
        body.fields.iter().chain(&body.flattened).map(|field| (&field.ty, Place::Property(field.json_name.as_str()))).collect()
    }
    match kind {
        TypeKind::Struct(body) => fields(body),
        TypeKind::TaggedUnion(union) => union
            .variants
            .iter()
            .flat_map(|variant| match &variant.body {
                VariantBody::Struct(body) => fields(body),
                VariantBody::Nested(ty) => vec![(ty, Place::Variant(variant.tag_value.as_str()))],
            })
            .collect(),
        TypeKind::UntaggedUnion(union) => union.variants.iter().map(|variant| (&variant.ty, Place::Shape)).collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![(ty, Place::Alias)],
        TypeKind::Enum(_) | TypeKind::IntegerEnum(_) => Vec::new(),
    }
}

/// The named type a use comes down to, and whether it is the value
/// itself, an item of a list or a value of a map.
fn held(ty: &TypeRef) -> (Option<TypeId>, Holding) {
    match ty {
        TypeRef::Named(id) => (Some(*id), Holding::Itself),
        TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => held(inner),
        TypeRef::List(inner) => (held(inner).0, Holding::Item),
        TypeRef::Map(inner) => (held(inner).0, Holding::Value),
        TypeRef::Bool
        | TypeRef::Integer
        | TypeRef::Float
        | TypeRef::String
        | TypeRef::Json
        | TypeRef::JsonObject
        | TypeRef::Bytes
        | TypeRef::Upload => (None, Holding::Itself),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::testing::{api, field, named, string_enum, structure};
    use crate::ir::TypeId;

    fn description(api: &Api, index: u32) -> &str {
        api.types.get(&TypeId(index)).and_then(|def| def.docs.description.as_deref()).unwrap_or_default()
    }

    fn inline(api: &mut Api, index: u32) {
        if let Some(def) = api.types.get_mut(&TypeId(index)) {
            def.origin = TypeOrigin::Inline(vec![vec![crate::naming::Word::Text(format!("t{index}"))]]);
        }
    }

    #[test]
    fn a_type_is_described_by_the_first_place_that_holds_it_and_a_description_is_kept() {
        let mut api = api(vec![
            structure(vec![
                field("state", named(1), true),
                field("tags", TypeRef::List(Box::new(named(2))), false),
                field("by_name", TypeRef::Nullable(Box::new(TypeRef::Map(Box::new(named(3))))), false),
            ]),
            string_enum(&["on", "off"]),
            structure(Vec::new()),
            structure(Vec::new()),
            structure(Vec::new()),
        ]);
        for index in 1..=4 {
            inline(&mut api, index);
        }
        if let Some(def) = api.types.get_mut(&TypeId(3)) {
            def.docs.description = Some("Said by the spec.".to_owned());
        }
        describe_types(&mut api, &crate::Settings::new("t"));
        assert_eq!(description(&api, 0), "The `T0` schema of the spec.");
        assert_eq!(description(&api, 1), "The `state` property of `T0`.");
        assert_eq!(description(&api, 2), "An item of the `tags` property of `T0`.");
        assert_eq!(description(&api, 3), "Said by the spec.");
        // Held by nothing: where it is in the spec.
        assert_eq!(description(&api, 4), "The schema at `#` in the spec.");
    }
}
