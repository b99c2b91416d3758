//! kluis-core
