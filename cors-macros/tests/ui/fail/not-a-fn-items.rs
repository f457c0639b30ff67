#![allow(unused_imports)]

use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"])]
enum Api {}

#[cors(origins = ["https://app.example.com"])]
const LIMIT: u32 = 1;

#[cors(origins = ["https://app.example.com"])]
static NAME: &str = "api";

#[cors(origins = ["https://app.example.com"])]
trait Handler {}

#[cors(origins = ["https://app.example.com"])]
type Alias = u32;

#[cors(origins = ["https://app.example.com"])]
use std::fmt;

struct Service;

#[cors(origins = ["https://app.example.com"])]
impl Service {}

fn main() {}
