//! Your code. The generator created this file once and never touches it
//! again: regenerating the crate keeps it as it is.
//!
//! It is a public module of the crate, so it can add items of its own, and
//! methods to the generated client and types:
//!
//! ```text
//! impl crate::Client {
//!     /// A shortcut used all over our code base.
//!     pub fn is_production(&self) -> bool {
//!         !self.base_url().contains("localhost")
//!     }
//! }
//! ```
