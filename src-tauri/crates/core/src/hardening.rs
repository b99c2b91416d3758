//! What the process does first, before any key or record is in memory: no core dumps, and (on
//! Linux) no reading of its memory by other processes of the same user through ptrace or
//! /proc/PID/mem. A crash then leaves no file holding the page cache's decrypted pages, the
//! database key or the session's category keys.
//!
//! This replaced SQLCipher's `cipher_memory_security` (wiping every allocation SQLite frees):
//! it cost 40-55% of every write (`kluis bench` at 20,000 contacts: the import into an empty
//! vault 6,496 -> 11,447 rows/s, the demo generator 4,784 -> 10,990 people/s) and left the page
//! cache's live plaintext where it was, which is what a dump or a debugger reads. SQLCipher
//! wipes its own key material on free either way, and has left the setting off by default since
//! 4.5.0 for the same cost. Swap is the operating system's to encrypt.

/// Turns core dumps off and makes the process non-dumpable. Returns whether both held.
pub fn protect_process_memory() -> bool {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{self, DumpableBehavior, Resource, Rlimit};
        let none = Rlimit {
            current: Some(0),
            maximum: Some(0),
        };
        let core_off = process::setrlimit(Resource::Core, none).is_ok();
        let undumpable = process::set_dumpable_behavior(DumpableBehavior::NotDumpable).is_ok();
        core_off && undumpable
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use rustix::process::{self, DumpableBehavior, Resource};

    /// What someone who makes the process crash, or attaches to it, would meet.
    #[test]
    fn no_core_dump_and_not_dumpable() {
        assert!(protect_process_memory());
        let limit = process::getrlimit(Resource::Core);
        assert_eq!((limit.current, limit.maximum), (Some(0), Some(0)));
        assert_eq!(
            process::dumpable_behavior().unwrap(),
            DumpableBehavior::NotDumpable
        );
    }
}
