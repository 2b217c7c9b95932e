//! Values of `brisk run`'s options: sizes (`--max-memory`), durations
//! (`--timeout`), preopened directories (`--dir`) and environment
//! variables (`--env`), parsed strictly so a typo is a usage error (exit
//! 2, from clap) rather than a silently different limit or grant.

use std::time::Duration;

/// Parses a byte size: a whole number of bytes, optionally with a unit
/// `B`, `KiB`, `MiB`, `GiB` or `TiB` (powers of 1024), e.g. `65536`,
/// `64KiB`, `1GiB`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let bad = || {
        format!(
            "invalid size `{text}`: expected a number of bytes, optionally with a unit B, KiB, MiB, GiB or TiB (e.g. 64MiB)"
        )
    };
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    if digits.is_empty() {
        return Err(bad());
    }
    let shift = match unit {
        "" | "B" => 0,
        "KiB" => 10,
        "MiB" => 20,
        "GiB" => 30,
        "TiB" => 40,
        _ => return Err(bad()),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("invalid size `{text}`: too large"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("invalid size `{text}`: too large"))
}

/// Parses a duration: a number (decimals allowed) with a unit `ns`, `us`,
/// `ms`, `s`, `m` or `h`, e.g. `1.5s`, `200ms`, `2m`.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let bad = || {
        format!(
            "invalid duration `{text}`: expected a number with a unit ns, us, ms, s, m or h (e.g. 1.5s, 200ms, 2m)"
        )
    };
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    if number.is_empty() || number.starts_with('.') || number.ends_with('.') {
        return Err(bad());
    }
    let secs_per_unit = match unit {
        "ns" => 1e-9,
        "us" => 1e-6,
        "ms" => 1e-3,
        "s" => 1.0,
        "m" => 60.0,
        "h" => 3600.0,
        _ => return Err(bad()),
    };
    let n: f64 = number.parse().map_err(|_| bad())?;
    Duration::try_from_secs_f64(n * secs_per_unit)
        .map_err(|_| format!("invalid duration `{text}`: too long"))
}

/// A `--dir HOST[::GUEST[:ro]]` grant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirArg {
    /// The host directory.
    pub host: String,
    /// The name the guest sees.
    pub guest: String,
    /// `:ro` was given.
    pub read_only: bool,
}

/// Parses `--dir HOST[::GUEST[:ro]]`: without `::` the guest name is
/// HOST as written; `:ro` is only recognized after a GUEST.
pub fn parse_dir(text: &str) -> Result<DirArg, String> {
    let (host, guest, read_only) = match text.split_once("::") {
        None => (text, text, false),
        Some((host, rest)) => match rest.strip_suffix(":ro") {
            Some(guest) => (host, guest, true),
            None => (host, rest, false),
        },
    };
    if host.is_empty() || guest.is_empty() {
        return Err(format!(
            "invalid directory `{text}`: expected HOST, HOST::GUEST or HOST::GUEST:ro"
        ));
    }
    Ok(DirArg {
        host: host.to_owned(),
        guest: guest.to_owned(),
        read_only,
    })
}

/// Parses `--env KEY=VALUE` (KEY not empty; VALUE may be).
pub fn parse_env(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
        _ => Err(format!(
            "invalid environment variable `{text}`: expected KEY=VALUE"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dirs_and_envs() {
        let d = |h: &str, g: &str, ro| DirArg {
            host: h.into(),
            guest: g.into(),
            read_only: ro,
        };
        assert_eq!(parse_dir("data"), Ok(d("data", "data", false)));
        assert_eq!(parse_dir("./x::/"), Ok(d("./x", "/", false)));
        assert_eq!(
            parse_dir("/etc/app::conf:ro"),
            Ok(d("/etc/app", "conf", true))
        );
        assert_eq!(parse_dir("a:ro"), Ok(d("a:ro", "a:ro", false)));
        for bad in ["", "::g", "h::", "h:::ro"] {
            assert!(parse_dir(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_env("K=V"), Ok(("K".into(), "V".into())));
        assert_eq!(parse_env("K="), Ok(("K".into(), String::new())));
        assert_eq!(parse_env("K=a=b"), Ok(("K".into(), "a=b".into())));
        assert!(parse_env("=V").is_err());
        assert!(parse_env("KV").is_err());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("0"), Ok(0));
        assert_eq!(parse_size("65536"), Ok(65536));
        assert_eq!(parse_size("100B"), Ok(100));
        assert_eq!(parse_size("64KiB"), Ok(64 << 10));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("2TiB"), Ok(2 << 40));
        for bad in [
            "", "12XB", "MiB", "-1", "1.5MiB", "64 MiB", "64mib", "64MB", "0x10",
        ] {
            let e = parse_size(bad).unwrap_err();
            assert!(
                e.starts_with(&format!("invalid size `{bad}`")),
                "{bad}: {e}"
            );
        }
        assert!(
            parse_size("99999999999999999999")
                .unwrap_err()
                .ends_with("too large")
        );
        assert!(
            parse_size("16777216TiB")
                .unwrap_err()
                .ends_with("too large")
        );
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("200ms"), Ok(Duration::from_millis(200)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("250us"), Ok(Duration::from_micros(250)));
        assert_eq!(parse_duration("10ns"), Ok(Duration::from_nanos(10)));
        assert_eq!(parse_duration("0s"), Ok(Duration::ZERO));
        for bad in [
            "", "abc", "1.5", "10", "s", ".5s", "5.s", "1.2.3s", "-1s", "1 s", "1sec", "1S",
        ] {
            let e = parse_duration(bad).unwrap_err();
            assert!(
                e.starts_with(&format!("invalid duration `{bad}`")),
                "{bad}: {e}"
            );
        }
        assert!(parse_duration("1e300h").is_err());
        assert!(
            parse_duration("99999999999999999999999h")
                .unwrap_err()
                .ends_with("too long")
        );
    }
}
