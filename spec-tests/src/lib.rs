//! spec runner: being written (issue 2).
