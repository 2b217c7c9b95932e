//! `kernels [OUT_DIR]`: prints one line per benchmark kernel,
//! `NAME ARG EXPECT SMALL`, and with `OUT_DIR` also writes
//! `OUT_DIR/NAME.wasm`. `compare-interp.sh` and `compare-compiled.sh` use it
//! so every engine loads the same bytes and checks against the checksums the
//! kernel files declare (`compare-compiled.sh` also runs the small size).

use std::process::ExitCode;

fn main() -> ExitCode {
    let out_dir = std::env::args_os().nth(1).map(std::path::PathBuf::from);
    let kernels = match brisk_benches::kernels::kernels() {
        Ok(kernels) => kernels,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for kernel in &kernels {
        if let Some(dir) = &out_dir {
            let written = kernel.wasm().and_then(|bytes| {
                let path = dir.join(format!("{}.wasm", kernel.name));
                std::fs::write(&path, bytes).map_err(|e| brisk_benches::kernels::KernelError {
                    path,
                    message: e.to_string(),
                })
            });
            if let Err(e) = written {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
        println!(
            "{} {} {} {}",
            kernel.name, kernel.arg, kernel.expect, kernel.small
        );
    }
    ExitCode::SUCCESS
}
