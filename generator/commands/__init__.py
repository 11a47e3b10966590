"""What the command line does beyond a build: new records."""
