//! `cargo xtask codegen`: the only thing that writes `generated/`.
//! Thin on purpose: it reads the spec, calls the generator library and
//! writes the files that changed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--spec PATH] [--out DIR] [--package-name NAME] [--check]

  --spec PATH          OpenAPI 3.0/3.1 description, YAML or JSON (default: spec/browser-use.yaml)
  --out DIR            folder of the generated crate (default: generated)
  --package-name NAME  Cargo package name (default: derived from the spec's title)
  --check              write nothing; fail if the folder is not up to date";

struct Args {
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    package_name: Option<String>,
    check: bool,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        spec: None,
        out: None,
        package_name: None,
        check: false,
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--spec" => parsed.spec = Some(value("--spec")?.into()),
            "--out" => parsed.out = Some(value("--out")?.into()),
            "--package-name" => parsed.package_name = Some(value("--package-name")?),
            "--check" => parsed.check = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("codegen") => {}
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::FAILURE;
        }
    }
    let args = match parse(args) {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    match codegen(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The path as the user should read it: relative to the workspace when inside it.
fn display(path: &Path, root: &Path) -> String {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    match abs.strip_prefix(&root) {
        Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
        Err(_) => path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

fn codegen(args: &Args) -> Result<ExitCode, String> {
    let root = workspace_root();
    let spec = args
        .spec
        .clone()
        .unwrap_or_else(|| root.join("spec/browser-use.yaml"));
    let out = args.out.clone().unwrap_or_else(|| root.join("generated"));
    let text = std::fs::read_to_string(&spec)
        .map_err(|e| format!("error: cannot read the spec {}: {e}", spec.display()))?;
    let spec_display = display(&spec, &root);
    let generated = generator::generate(&generator::Input {
        text: &text,
        spec_display: &spec_display,
        package_name: args.package_name.as_deref(),
    })
    .map_err(|e| e.to_string())?;
    for w in &generated.warnings {
        eprintln!("{w}");
    }

    let mut stale = Vec::new();
    for (rel, content) in &generated.files {
        let path = out.join(rel);
        let current = std::fs::read(&path).ok();
        if current.as_deref() == Some(content.as_bytes()) {
            continue;
        }
        stale.push(rel.clone());
        if !args.check {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("error: cannot create {}: {e}", dir.display()))?;
            }
            std::fs::write(&path, content)
                .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
        }
    }

    let out_display = display(&out, &root);
    if args.check {
        if stale.is_empty() {
            eprintln!("{out_display}/ is up to date with {spec_display}");
            return Ok(ExitCode::SUCCESS);
        }
        let mut command = "cargo xtask codegen".to_owned();
        if let Some(s) = &args.spec {
            command.push_str(&format!(" --spec {}", s.display()));
        }
        if let Some(o) = &args.out {
            command.push_str(&format!(" --out {}", o.display()));
        }
        if let Some(p) = &args.package_name {
            command.push_str(&format!(" --package-name {p}"));
        }
        eprintln!(
            "error: {out_display}/ is stale: {} differ from what {spec_display} generates:",
            stale.len()
        );
        for s in &stale {
            eprintln!("  {out_display}/{s}");
        }
        eprintln!("run `{command}` and commit the result");
        return Ok(ExitCode::FAILURE);
    }
    eprintln!(
        "generated {} ({} operations, {} types, {} warnings) into {out_display}/: {} file(s) changed",
        generated.package_name,
        generated.api.operations.len(),
        generated.api.types.len(),
        generated.warnings.len(),
        stale.len()
    );
    Ok(ExitCode::SUCCESS)
}
