//! The `hedgelint` command.

mod cli;

fn main() -> std::process::ExitCode {
    return_large_blocks_to_the_system();
    cli::run()
}

/// Allocations from this size up are mapped from the system and unmapped when freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 256 << 10;

/// Keeps glibc from holding freed text buffers. By default its threshold for mapping a block
/// of its own rises to the largest block freed (up to 32 MiB), after which each chunk's text
/// and views come from the heaps of the threads that lint them, and the freed room stays
/// resident in each heap. With the threshold fixed, one file of 46 MB peaks at 63.7 MiB
/// instead of 69.3 MiB (see docs/performance.md).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn return_large_blocks_to_the_system() {
    // SAFETY: `mallopt` only sets a tuning parameter of the allocator; it is called before
    // any other thread exists, and a refusal (return value 0) leaves the default in place.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_large_blocks_to_the_system() {}
