use proc_macro::TokenStream;
/// placeholder
#[proc_macro_attribute]
pub fn cors(_a: TokenStream, item: TokenStream) -> TokenStream { item }
