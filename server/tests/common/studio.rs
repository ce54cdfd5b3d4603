//! The `kafka-studio` binary as a user runs it, in a process of its own: a private Postgres in
//! a temporary data folder, a free port, and helpers to wait for it and stop it.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

pub const BIN: &str = env!("CARGO_BIN_EXE_kafka-studio");

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The command that starts the studio on `port` with its private Postgres in `data_dir`.
pub fn command(data_dir: &Path, port: u16) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_remove("DATABASE_URL")
        .env("RUST_LOG", "info")
        .args(["--addr", &format!("127.0.0.1:{port}")])
        .arg("--data-dir")
        .arg(data_dir);
    cmd
}

/// A running studio; stopped (SIGTERM, then SIGKILL) when dropped.
pub struct Studio {
    pub child: Child,
    pub port: u16,
    pub base: String,
    pub data_dir: PathBuf,
    _data: Option<tempfile::TempDir>,
}

impl Studio {
    /// Starts the studio in a fresh data folder with `args`, and waits until it is healthy.
    pub async fn start(args: &[&str]) -> Studio {
        let data = tempfile::tempdir().unwrap();
        let port = free_port();
        let mut cmd = command(data.path(), port);
        cmd.args(args).env("RUST_LOG", "warn").stdout(Stdio::null());
        let child = cmd.spawn().unwrap();
        let mut studio = Studio {
            child,
            port,
            base: format!("http://127.0.0.1:{port}"),
            data_dir: data.path().to_path_buf(),
            _data: Some(data),
        };
        wait_healthy(&mut studio.child, port).await;
        studio
    }

    /// Whether the process is still running.
    pub fn is_alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// The process's resident memory, in KiB (`VmRSS` of `/proc/<pid>/status`).
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }
}

impl Drop for Studio {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = kill(Pid::from_raw(self.child.id() as i32), Signal::SIGTERM);
            let deadline = Instant::now() + Duration::from_secs(30);
            while self.child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Polls `/healthz` until it answers 200, or panics with the server's output.
pub async fn wait_healthy(child: &mut Child, port: u16) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(response) = reqwest::get(format!("http://127.0.0.1:{port}/healthz")).await {
            if response.status() == 200 {
                return response.json().await.unwrap();
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the studio exited early with {status}");
        }
        assert!(
            Instant::now() < deadline,
            "the studio did not become healthy in 60 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Sends SIGTERM and waits for a clean exit.
pub fn terminate(mut child: Child) {
    kill(Pid::from_raw(child.id() as i32), Signal::SIGTERM).unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "graceful shutdown exits 0, got {status}");
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the studio did not stop within 60 s of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Stops the studio `pid` when the test process exits (a studio kept in a `static` is never
/// dropped): SIGTERM, so that it stops its Postgres, and a short wait for it.
pub fn stop_at_exit(pid: u32) {
    use std::sync::atomic::{AtomicU32, Ordering};
    static PID: AtomicU32 = AtomicU32::new(0);
    extern "C" fn stop() {
        let pid = PID.load(Ordering::SeqCst);
        if pid == 0 {
            return;
        }
        let pid = Pid::from_raw(pid as i32);
        if kill(pid, Signal::SIGTERM).is_ok() {
            let deadline = Instant::now() + Duration::from_secs(20);
            while kill(pid, None).is_ok() && Instant::now() < deadline {
                // Reap it if it is our child, so that it does not linger as a zombie.
                let _ = nix::sys::wait::waitpid(pid, Some(nix::sys::wait::WaitPidFlag::WNOHANG));
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
    if PID.swap(pid, Ordering::SeqCst) == 0 {
        // SAFETY: `stop` is a plain function that touches only an atomic and system calls.
        unsafe {
            libc::atexit(stop);
        }
    }
}
