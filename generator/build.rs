//! Nothing to build. The build dependency on syn is here for its effect on
//! Cargo's feature resolution: the proc-macros we depend on (serde_derive,
//! thiserror-impl) compile syn for the host, with features of their own;
//! asking for syn here too gives the host's syn the same features as ours,
//! so that Cargo compiles syn once for both instead of twice.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
}
