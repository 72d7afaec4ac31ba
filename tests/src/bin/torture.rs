//! Prints the torture document (`codegen_tests::torture`) as JSON, to look
//! at the crate generated from it:
//! `cargo run -p codegen-tests --bin torture > /tmp/torture.json` then
//! `cargo xtask codegen --spec /tmp/torture.json --out /tmp/torture`.

fn main() {
    let document = codegen_tests::torture::document();
    match serde_json::to_string_pretty(&document) {
        Ok(text) => println!("{text}"),
        Err(e) => {
            eprintln!("the torture document is not JSON: {e}");
            std::process::exit(1);
        }
    }
}
