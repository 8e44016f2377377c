//! The receipt goes through the workstation's print queue (`lp -d PRINTER`) when a printer is set. A stand-in
//! `lp` on PATH records its arguments and the text it was given (its own test binary: PATH is process-wide).

#[cfg(unix)]
#[test]
fn with_a_printer_the_receipt_goes_to_lp() {
    use loket::tui::receipt::{deliver, Delivered};
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let lp = dir.path().join("lp");
    let out = dir.path().join("printed.txt");
    std::fs::write(&lp, format!("#!/bin/sh\necho \"$@\" > '{0}.args'\ncat > '{0}'\n", out.display())).unwrap();
    std::fs::set_permissions(&lp, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", dir.path().display(), std::env::var("PATH").unwrap_or_default());
    std::env::set_var("PATH", path);
    let got = deliver("TANDA TERIMA\nHendra Wijaya\n", "MP2611W001", "loket-depan", None).unwrap();
    assert_eq!(got, Delivered::Printed("loket-depan".into()));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "TANDA TERIMA\nHendra Wijaya\n");
    let args = std::fs::read_to_string(dir.path().join("printed.txt.args")).unwrap();
    assert_eq!(args.trim(), "-d loket-depan -t MP2611W001");
    // A failing print queue is reported, not ignored.
    std::fs::write(&lp, "#!/bin/sh\necho 'lp: printer not found' >&2\nexit 1\n").unwrap();
    let err = deliver("x", "MP2611W001", "nope", None).unwrap_err();
    assert!(err.contains("printer not found"), "{err}");
}
