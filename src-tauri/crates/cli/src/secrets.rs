//! Where passwords come from: an environment variable or a prompt on the terminal. Never from
//! an argument, where they would land in the shell history and the process list.
use kluis_core::Password;

#[derive(Debug)]
pub struct NoSecret(pub &'static str);

/// Reads `var`, or prompts when a terminal is attached.
pub fn read(var: &str, prompt: &str) -> Result<Password, NoSecret> {
    if let Ok(v) = std::env::var(var) {
        if !v.is_empty() {
            return Ok(Password::new(v));
        }
    }
    rpassword::prompt_password(prompt)
        .map(Password::new)
        .map_err(|_| {
            NoSecret("no password given: set the environment variable or run in a terminal")
        })
}

/// A new password: from `var`, or typed twice at a prompt.
pub fn read_new(var: &str, prompt: &str) -> Result<Password, NoSecret> {
    if let Ok(v) = std::env::var(var) {
        if !v.is_empty() {
            return Ok(Password::new(v));
        }
    }
    let first = rpassword::prompt_password(prompt).map_err(|_| {
        NoSecret("no new password given: set the environment variable or run in a terminal")
    })?;
    let again =
        rpassword::prompt_password("Repeat: ").map_err(|_| NoSecret("no confirmation given"))?;
    if first != again {
        return Err(NoSecret("the two passwords differ"));
    }
    Ok(Password::new(first))
}
