//! Error accumulation: every check pushes its errors here, and they are combined at the end so a
//! user sees all the mistakes of an attribute in one build.

use std::fmt::Display;

use proc_macro2::Span;

#[derive(Default)]
pub struct Ctxt {
    errors: Vec<syn::Error>,
}

impl Ctxt {
    /// An error at `span`; `help`, when given, goes on its own line below the message.
    pub fn error(&mut self, span: Span, message: impl Display, help: Option<&str>) {
        self.errors
            .push(syn::Error::new(span, with_help(message, help)));
    }

    /// An error over every token of `tokens` (a whole expression the user wrote), with its help.
    pub fn error_spanned(
        &mut self,
        tokens: impl quote::ToTokens,
        message: impl Display,
        help: Option<&str>,
    ) {
        self.errors
            .push(syn::Error::new_spanned(tokens, with_help(message, help)));
    }

    pub fn push(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    /// All errors as one, or `None` when there were none.
    pub fn finish(self) -> Option<syn::Error> {
        self.errors.into_iter().reduce(|mut all, e| {
            all.combine(e);
            all
        })
    }
}

/// Proc macros cannot attach a `help:` note on stable Rust, so the help is part of the message,
/// styled like the notes rustc prints.
pub fn with_help(message: impl Display, help: Option<&str>) -> String {
    match help {
        Some(help) => format!("{message}\n= help: {help}"),
        None => message.to_string(),
    }
}
