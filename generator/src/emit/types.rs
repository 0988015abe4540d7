//! Emission of the IR's named types as Rust items.
//!
//! Emitted code names every type and trait by absolute path (`::std::…`,
//! `::serde::…`), so a spec type called `Option`, `Result` or `String`
//! cannot shadow what the generated code means. The standard derive
//! macros (`Debug`, `Clone`, …) are named bare: they live in the macro
//! namespace, which no generated type can enter.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::docs::{deprecated_attr, doc_attrs};
use crate::ir::{Api, Field, StringEnum, Struct, TaggedUnion, TypeDef, TypeId, TypeKind, TypeRef, UntaggedUnion, VariantBody};

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust type of a use of a type.
pub(crate) fn emit_type_ref(api: &Api, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Bool => quote! { bool },
        TypeRef::Integer => quote! { i64 },
        TypeRef::Float => quote! { f64 },
        TypeRef::String => quote! { ::std::string::String },
        TypeRef::Json => quote! { ::serde_json::Value },
        TypeRef::JsonObject => quote! { ::serde_json::Map<::std::string::String, ::serde_json::Value> },
        TypeRef::Named(id) => {
            let name = api.types.get(id).map_or("Unnamed", |def| def.name.as_str());
            let name = ident(name);
            quote! { #name }
        }
        TypeRef::List(item) => {
            let item = emit_type_ref(api, item);
            quote! { ::std::vec::Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = emit_type_ref(api, value);
            quote! { ::std::collections::BTreeMap<::std::string::String, #value> }
        }
        TypeRef::Nullable(inner) => {
            let inner = emit_type_ref(api, inner);
            quote! { ::std::option::Option<#inner> }
        }
        TypeRef::Boxed(inner) => {
            let inner = emit_type_ref(api, inner);
            quote! { ::std::boxed::Box<#inner> }
        }
    }
}

/// All named types, sorted by name.
pub(crate) fn emit_types(api: &Api) -> TokenStream {
    let mut defs: Vec<(&TypeId, &TypeDef)> = api.types.iter().collect();
    defs.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    let items = defs.into_iter().map(|(id, def)| emit_type_def(api, *id, def));
    quote! { #(#items)* }
}

fn emit_type_def(api: &Api, id: TypeId, def: &TypeDef) -> TokenStream {
    let docs = doc_attrs(&def.docs);
    // Only component types carry `#[deprecated]`: an inline type's
    // deprecation belongs to the property it sits in, which carries it.
    let deprecated = match def.origin {
        crate::ir::TypeOrigin::Component(_) => deprecated_attr(&def.docs),
        crate::ir::TypeOrigin::Inline(_) => TokenStream::new(),
    };
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(body) => emit_struct(api, id, &name, body),
        TypeKind::Enum(values) => emit_string_enum(&name, values),
        TypeKind::TaggedUnion(union) => emit_tagged_union(api, &name, union),
        TypeKind::UntaggedUnion(union) => emit_untagged_union(api, &name, union),
        TypeKind::Alias(ty) => {
            let ty = emit_type_ref(api, ty);
            quote! { pub type #name = #ty; }
        }
    };
    quote! {
        #docs
        #deprecated
        #body
    }
}

/// Whether a required field of this type takes its default when the
/// server leaves it out or sends `null` (see ARCHITECTURE.md, tolerance).
fn defaults_when_missing(api: &Api, ty: &TypeRef) -> bool {
    !matches!(ty, TypeRef::Nullable(_) | TypeRef::Json) && crate::defaults::type_has_default(api, ty)
}

/// The fields of a struct or struct variant; `public` for structs.
fn emit_fields(api: &Api, body: &Struct, public: bool) -> TokenStream {
    let visibility = if public { quote! { pub } } else { TokenStream::new() };
    let mut fields: Vec<TokenStream> = body.fields.iter().map(|field| emit_field(api, field, &visibility)).collect();
    for field in &body.flattened {
        let docs = doc_attrs(&field.docs);
        let name = ident(&field.name);
        let ty = emit_type_ref(api, &field.ty);
        fields.push(quote! {
            #docs
            #[serde(flatten)]
            #visibility #name: #ty
        });
    }
    if let Some(additional) = &body.additional {
        let taken = |name: &str| body.fields.iter().chain(&body.flattened).any(|field| field.name == name);
        let name = ["additional_properties", "additional_properties_", "additional_properties__"]
            .into_iter()
            .find(|name| !taken(name))
            .unwrap_or("additional_properties___");
        let name = ident(name);
        let value = emit_type_ref(api, additional);
        fields.push(quote! {
            /// Properties the spec does not list, by name.
            #[serde(flatten)]
            #visibility #name: ::std::collections::BTreeMap<::std::string::String, #value>
        });
    }
    quote! { #(#fields),* }
}

fn emit_field(api: &Api, field: &Field, visibility: &TokenStream) -> TokenStream {
    let docs = doc_attrs(&field.docs);
    let deprecated = deprecated_attr(&field.docs);
    let name = ident(&field.name);
    let json_name = &field.json_name;
    let rename = if field.name == field.json_name { TokenStream::new() } else { quote! { #[serde(rename = #json_name)] } };
    let ty = emit_type_ref(api, &field.ty);
    let (serde, ty) = match (&field.ty, field.required) {
        (ty_ref, true) if defaults_when_missing(api, ty_ref) => (
            quote! { #[serde(default, deserialize_with = "crate::runtime::null_as_default")] },
            ty,
        ),
        (_, true) => (TokenStream::new(), ty),
        (TypeRef::Nullable(_), false) => (
            quote! {
                #[serde(
                    default,
                    skip_serializing_if = "::std::option::Option::is_none",
                    deserialize_with = "crate::runtime::deserialize_nullable"
                )]
            },
            quote! { ::std::option::Option<#ty> },
        ),
        (_, false) => (
            quote! { #[serde(default, skip_serializing_if = "::std::option::Option::is_none")] },
            quote! { ::std::option::Option<#ty> },
        ),
    };
    quote! {
        #docs
        #deprecated
        #rename
        #serde
        #visibility #name: #ty
    }
}

fn emit_struct(api: &Api, id: TypeId, name: &Ident, body: &Struct) -> TokenStream {
    let fields = emit_fields(api, body, true);
    let default = if api.defaults.contains(&id) { quote! { Default, } } else { TokenStream::new() };
    quote! {
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name { #fields }
    }
}

fn emit_string_enum(name: &Ident, values: &StringEnum) -> TokenStream {
    let other = ident(&values.other);
    let variants = values.values.iter().map(|value| {
        let variant = ident(&value.name);
        let doc = format!(" `{}`", value.value.replace('`', "'"));
        quote! {
            #[doc = #doc]
            #variant
        }
    });
    let as_str_arms = values.values.iter().map(|value| {
        let variant = ident(&value.name);
        let text = &value.value;
        quote! { Self::#variant => #text }
    });
    let from_arms = values.values.iter().map(|value| {
        let variant = ident(&value.name);
        let text = &value.value;
        quote! { #text => Self::#variant }
    });
    let known = values.values.iter().map(|value| &value.value);
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            /// A value this version of the crate does not know, kept as it was sent.
            #other(::std::string::String),
        }

        impl #name {
            /// Every value the spec lists.
            pub const KNOWN: &'static [&'static str] = &[#(#known),*];

            /// The value as it is on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str_arms,)*
                    Self::#other(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_arms,)*
                    other => Self::#other(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(::std::convert::From::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::deserialize_open_enum(deserializer)
            }
        }
    }
}

fn emit_tagged_union(api: &Api, name: &Ident, union: &TaggedUnion) -> TokenStream {
    let tag = &union.tag;
    let other = ident(&union.other);
    let variants = union.variants.iter().map(|variant| {
        let docs = doc_attrs(&variant.docs);
        let deprecated = deprecated_attr(&variant.docs);
        let variant_name = ident(&variant.name);
        let value = &variant.tag_value;
        let body = match &variant.body {
            VariantBody::Struct(body) => {
                let fields = emit_fields(api, body, false);
                quote! { { #fields } }
            }
            VariantBody::Nested(ty) => {
                let ty = emit_type_ref(api, ty);
                quote! { (#ty) }
            }
        };
        quote! {
            #docs
            #deprecated
            #[serde(rename = #value)]
            #variant_name #body
        }
    });
    let other_doc = format!(
        " A value whose `{tag}` this version of the crate does not know, or whose other properties do not match the spec, kept as raw JSON."
    );
    let tag_method = format_ident!("{}", crate::naming::field_name(tag));
    let tag_method_doc = format!(" The `{tag}` of the value.");
    let tag_arms = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let value = &variant.tag_value;
        match &variant.body {
            VariantBody::Struct(_) => quote! { Self::#variant_name { .. } => ::std::option::Option::Some(#value) },
            VariantBody::Nested(_) => quote! { Self::#variant_name(_) => ::std::option::Option::Some(#value) },
        }
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(tag = #tag)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            #[doc = #other_doc]
            #[serde(untagged)]
            #other(::serde_json::Value),
        }

        impl #name {
            #[doc = #tag_method_doc]
            pub fn #tag_method(&self) -> ::std::option::Option<&str> {
                match self {
                    #(#tag_arms,)*
                    Self::#other(value) => value.get(#tag).and_then(::serde_json::Value::as_str),
                }
            }
        }
    }
}

fn emit_untagged_union(api: &Api, name: &Ident, union: &UntaggedUnion) -> TokenStream {
    let variants = union.variants.iter().map(|variant| {
        let docs = doc_attrs(&variant.docs);
        let variant_name = ident(&variant.name);
        let ty = emit_type_ref(api, &variant.ty);
        quote! {
            #docs
            #variant_name(#ty)
        }
    });
    // A union of objects gets a catch-all, so that an object matching no
    // variant does not fail the whole response.
    let has_object = union.variants.iter().any(|variant| {
        matches!(&variant.ty, TypeRef::Named(id) if matches!(api.types.get(id).map(|def| &def.kind), Some(TypeKind::Struct(_))))
    });
    let has_catch_all = union.variants.iter().any(|variant| variant.ty == TypeRef::Json);
    let catch_all = if has_object && !has_catch_all {
        let taken = |name: &str| union.variants.iter().any(|variant| variant.name == name);
        let other = ident(["Unknown", "Other", "Unmatched"].into_iter().find(|name| !taken(name)).unwrap_or("Unmatched_"));
        quote! {
            /// A value that matches none of the variants the spec lists, kept as raw JSON.
            #other(::serde_json::Value),
        }
    } else {
        TokenStream::new()
    };
    quote! {
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants,)*
            #catch_all
        }
    }
}
