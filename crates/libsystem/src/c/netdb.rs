//! Name resolution: `getaddrinfo`/`getnameinfo`/`gethostbyname` with darwin `struct addrinfo`/`hostent`.

pub(crate) static EXPORTS: &[crate::Export] = crate::exports! {};
