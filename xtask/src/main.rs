//! `cargo xtask codegen`: the only thing that writes `generated/`.
//! Thin on purpose: it reads the spec, calls the generator library, reports
//! what changed in the API, and hands the files to `generator::output`, which
//! writes them atomically and only over files the generator owns.

use generator::output::{self, Desired, Manifest};
use generator::report::{self, Report};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--spec PATH] [--out DIR] [--package-name NAME]
                           [--spec-root DIR] [--overlay FILE]...
                           [--check | --report-only] [--against OLD_SPEC] [--force]

  --spec PATH          OpenAPI 3.0/3.1 or Swagger 2.0 description, YAML or JSON (default: spec/browser-use.yaml)
  --out DIR            folder of the generated crate (default: generated)
  --package-name NAME  Cargo package name (default: derived from the spec's title)
  --spec-root DIR      the folder the spec's files may be read from: a `$ref` to a file
                       outside it is refused, symbolic links included (default: the
                       spec's own folder)
  --overlay FILE       apply this Overlay (1.0 or 1.1: JSONPath-targeted `update`, `remove`,
                       `copy`) to the spec before generating; repeatable, applied in order,
                       after `<stem>.overlay.yaml` (or `.json`) beside the spec, which is
                       always applied (`spec/api.json` → `spec/api.overlay.yaml`)
  --operations LIST    generate only these operations, comma-separated: an operation id or
                       method name, `tag:NAME`, or `path:/prefix*` (default: all); the
                       list can also be kept in `<spec>.operations`, one selector a line
  --check              write nothing; fail if the folder is not up to date
  --report-only        write nothing; print what changed in the API (needs --against,
                       or a folder generated before)
  --against OLD_SPEC   compare with this spec instead of the API recorded in the folder
  --force              overwrite files the generator does not own or that were edited by hand
  --timings            print how long each phase took (load, model, emit, format)";

#[derive(Default)]
struct Args {
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    package_name: Option<String>,
    operations: Option<String>,
    spec_root: Option<PathBuf>,
    overlays: Vec<PathBuf>,
    against: Option<PathBuf>,
    check: bool,
    report_only: bool,
    force: bool,
    timings: bool,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args::default();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--spec" => parsed.spec = Some(value("--spec")?.into()),
            "--out" => parsed.out = Some(value("--out")?.into()),
            "--package-name" => parsed.package_name = Some(value("--package-name")?),
            "--operations" => parsed.operations = Some(value("--operations")?),
            "--spec-root" => parsed.spec_root = Some(value("--spec-root")?.into()),
            "--overlay" => parsed.overlays.push(value("--overlay")?.into()),
            "--against" => parsed.against = Some(value("--against")?.into()),
            "--check" => parsed.check = true,
            "--report-only" => parsed.report_only = true,
            "--force" => parsed.force = true,
            "--timings" => parsed.timings = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if parsed.check && parsed.report_only {
        return Err("--check and --report-only do not go together".to_owned());
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

/// The operations to generate and the names to give: `--operations`, else
/// the file `<spec>.operations` beside the spec (one selector or rename a
/// line, `#` comments), else all, under their own names.
fn selection(args: &Args, spec: &Path) -> Result<Vec<generator::ir::Selector>, String> {
    let (text, source) = match &args.operations {
        Some(list) => (list.replace(',', "\n"), "--operations".to_owned()),
        None => {
            let file = PathBuf::from(format!("{}.operations", spec.display()));
            match std::fs::read_to_string(&file) {
                Ok(text) => (text, file.display().to_string()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    (String::new(), String::new())
                }
                Err(e) => return Err(format!("error: cannot read {}: {e}", file.display())),
            }
        }
    };
    generator::ir::parse_selection(&text).map_err(|e| {
        let lines: Vec<String> = e.lines().map(|l| format!("error: {source}, {l}")).collect();
        lines.join("\n")
    })
}

fn generate(
    path: &Path,
    root: &Path,
    args: &Args,
    select: Vec<generator::ir::Selector>,
) -> Result<generator::Generated, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("error: cannot read the spec {}: {e}", path.display()))?;
    let spec_display = display(path, root);
    // The files the spec refers to are read from its folder (or the spec
    // root), and below.
    let sources = match &args.spec_root {
        Some(dir) => generator::load::DirSources::rooted(dir, path)
            .map_err(|e| format!("error: --spec-root: {e}"))?,
        None => generator::load::DirSources::beside(path),
    };
    // The overlay beside the spec, then those named, in order.
    let mut overlays =
        generator::load::Overlay::beside(path, &spec_display).map_err(|e| format!("error: {e}"))?;
    for file in &args.overlays {
        overlays.push(
            generator::load::Overlay::read(file, &display(file, root), path)
                .map_err(|e| format!("error: {e}"))?,
        );
    }
    let package_name = args.package_name.as_deref();
    generator::generate(&generator::Input {
        sources: Some(&sources),
        overlays: &overlays,
        text: &text,
        spec_display: &spec_display,
        package_name,
        select,
    })
    .map_err(|e| e.to_string())
}

/// The command that regenerates as this run was asked to.
fn command(args: &Args) -> String {
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
    if let Some(o) = &args.operations {
        command.push_str(&format!(" --operations {o}"));
    }
    if let Some(r) = &args.spec_root {
        command.push_str(&format!(" --spec-root {}", r.display()));
    }
    for o in &args.overlays {
        command.push_str(&format!(" --overlay {}", o.display()));
    }
    command
}

/// The changelog with this report appended under the spec's version.
fn changelog(out: &Path, report: &Report, spec_sha256: &str) -> String {
    let mut text = std::fs::read_to_string(out.join(output::CHANGELOG)).unwrap_or_else(|_| {
        "# Changelog\n\nWhat changed in this crate's API at each regeneration, as `cargo xtask codegen` reported it. Each entry is classified breaking or compatible for Rust code that uses the crate.\n".to_owned()
    });
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let heading = format!(
        "{} (spec sha256 {})",
        report.new_version,
        &spec_sha256[..12.min(spec_sha256.len())]
    );
    text.push('\n');
    text.push_str(&report.to_markdown(&heading));
    text
}

fn codegen(args: &Args) -> Result<ExitCode, String> {
    let root = workspace_root();
    let spec = args
        .spec
        .clone()
        .unwrap_or_else(|| root.join("spec/browser-use.yaml"));
    let out = args.out.clone().unwrap_or_else(|| root.join("generated"));
    let out_display = display(&out, &root);

    if !args.check
        && !args.report_only
        && output::recover(&out).map_err(|e| {
            format!("error: cannot finish the interrupted write of {out_display}/: {e}")
        })?
    {
        eprintln!("finished an interrupted write of {out_display}/");
    }
    let generated = generate(&spec, &root, args, selection(args, &spec)?)?;
    for w in &generated.warnings {
        eprintln!("{w}");
    }
    if args.timings {
        let t = &generated.timings;
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
        eprintln!(
            "timings: load {:.1} ms, model {:.1} ms, emit {:.1} ms, format {:.1} ms, other {:.1} ms; total {:.1} ms",
            ms(t.load),
            ms(t.model),
            ms(t.emit),
            ms(t.format),
            ms(t.other),
            ms(t.total())
        );
    }

    // The API before: the old spec if given, else what the folder records.
    let baseline = match &args.against {
        Some(old) => Some(
            generate(old, &root, args, selection(args, &spec)?)
                .map_err(|e| format!("in the spec given with --against:\n{e}"))?
                .surface,
        ),
        None => Manifest::read(&out)
            .map_err(|e| format!("error: {e}"))?
            .map(|m| m.api),
    };
    let report = baseline.map(|old| report::diff(&old, &generated.surface));
    if args.report_only {
        return match report {
            Some(r) => {
                print!("{}", r.to_text());
                Ok(ExitCode::SUCCESS)
            }
            None => Err(format!("error: nothing to compare with: {out_display}/ has no manifest; pass --against OLD_SPEC")),
        };
    }

    let mut managed = BTreeMap::new();
    if let Some(r) = report.as_ref().filter(|r| !r.is_empty() && !args.check) {
        let sha = generated
            .files
            .get(output::MANIFEST)
            .and_then(|m| serde_json::from_str::<Manifest>(m).ok())
            .map(|m| m.spec_sha256)
            .unwrap_or_default();
        managed.insert(output::CHANGELOG.to_owned(), changelog(&out, r, &sha));
    }
    let desired = Desired {
        files: &generated.files,
        scaffolds: &generated.scaffolds,
        managed,
    };
    let plan = match output::plan(&out, &desired, args.force) {
        Ok(plan) => plan,
        Err(conflicts) => {
            eprintln!(
                "error: {out_display}/ was left unchanged: {} file(s) are in the way:",
                conflicts.len()
            );
            for c in &conflicts {
                eprintln!("  {out_display}/{c}");
            }
            return Ok(ExitCode::FAILURE);
        }
    };

    if args.check {
        if plan.is_empty() {
            eprintln!(
                "{out_display}/ is up to date with {}",
                display(&spec, &root)
            );
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!(
            "error: {out_display}/ is stale: it differs from what {} generates:",
            display(&spec, &root)
        );
        for path in plan.writes.keys() {
            eprintln!("  {out_display}/{path} (to be written)");
        }
        for path in &plan.deletes {
            eprintln!("  {out_display}/{path} (no longer generated)");
        }
        eprintln!("run `{}` and commit the result", command(args));
        return Ok(ExitCode::FAILURE);
    }

    if let Some(r) = report.as_ref().filter(|r| !r.is_empty()) {
        eprint!("{}", r.to_text());
        eprintln!("(appended to {out_display}/{})", output::CHANGELOG);
    }
    output::apply(&plan).map_err(|e| format!("error: writing {out_display}/ failed: {e}; run the command again: it finishes or redoes the write"))?;
    eprintln!(
        "generated {} ({} operations, {} types, {} warnings) into {out_display}/: {} file(s) written, {} deleted",
        generated.package_name,
        generated.api.operations.len(),
        generated.api.types.len(),
        generated.warnings.len(),
        plan.writes.len(),
        plan.deletes.len()
    );
    Ok(ExitCode::SUCCESS)
}
