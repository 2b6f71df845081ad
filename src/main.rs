use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(kith::cli::main())
}
