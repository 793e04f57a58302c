"""Raw files into the build file: find, fingerprint, read, check, land."""
