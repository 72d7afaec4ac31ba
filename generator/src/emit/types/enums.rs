//! String enums: the `#[non_exhaustive]` enum with its catch-all variant,
//! its wire values and the variants' docs.

use super::type_doc;
use crate::emit::{docs, ident};
use crate::ir::{StringEnum, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;

/// A string enum with its catch-all variant, its `VALUES` and `as_str`.
pub(super) fn enum_def(t: &TypeDef, e: &StringEnum) -> TokenStream {
    let name = ident(&t.name);
    let doc = docs::attrs(&type_doc(t));
    let other = ident(&e.other_variant);
    let variants = e.values.iter().map(|v| {
        let variant = ident(&v.variant);
        // The wire value, where the variant's name does not already say it.
        let doc = (!spells(&v.variant, &v.wire)).then(|| {
            let doc = format!(" {}", docs::code(&v.wire));
            quote!(#[doc = #doc])
        });
        quote!(#doc #variant,)
    });
    let as_str = e.values.iter().map(|v| {
        let variant = ident(&v.variant);
        let wire = &v.wire;
        quote!(#name::#variant => #wire,)
    });
    let parse = e.values.iter().map(|v| {
        let variant = ident(&v.variant);
        let wire = &v.wire;
        quote!(#wire => Some(#name::#variant),)
    });
    let wires = e.values.iter().map(|v| &v.wire);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the spec does not list, as received
            /// (make one with [`Self::from_wire`]).
            #other(crate::UnknownValue),
        }

        impl #name {
            /// Every value the spec lists, as sent on the wire.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    #name::#other(value) => value.as_str(),
                }
            }

            fn known(value: &str) -> Option<Self> {
                match value {
                    #(#parse)*
                    _ => None,
                }
            }
        }

        crate::unknown::string_enum!(#name, #other);
    }
}

/// Whether `wire` is `variant` in one of the usual spellings of a value
/// (`ad` and `Ad`, `IN_PROGRESS` and `InProgress`, `dark-mode` and
/// `DarkMode`), so that a reader knows the value from the variant.
fn spells(variant: &str, wire: &str) -> bool {
    use heck::{ToKebabCase, ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase};
    let variant = variant.trim_start_matches("r#");
    [
        variant.to_owned(),
        variant.to_snake_case(),
        variant.to_shouty_snake_case(),
        variant.to_kebab_case(),
        variant.to_lower_camel_case(),
    ]
    .iter()
    .any(|spelling| spelling == wire)
}

#[cfg(test)]
mod tests {
    use super::spells;

    #[test]
    fn a_variant_spells_its_value() {
        // (variant, wire value, the variant says the value)
        let table = [
            ("Ad", "ad", true),
            ("Active", "ACTIVE", true),
            ("InProgress", "in_progress", true),
            ("InProgress", "IN_PROGRESS", true),
            ("DarkMode", "dark-mode", true),
            ("gpt4o", "gpt4o", true),
            ("Json", "json", true),
            ("EnUs", "en-US", false),
            ("Gpt4o", "gpt-4o", false),
            ("Value1", "1", false),
            ("Empty", "", false),
            ("Plus", "+", false),
        ];
        for (variant, wire, expected) in table {
            assert_eq!(spells(variant, wire), expected, "{variant} / {wire}");
        }
    }
}
