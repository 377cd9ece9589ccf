//! `getopt`/`getopt_long` with darwin's own `optind`/`optarg`/`opterr`/`optopt`/`optreset`.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
