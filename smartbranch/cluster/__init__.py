"""Running a bank on one machine: NATS servers, edges and the central site's processes."""
