import { ruleSuite } from "../core/testing/suite";

ruleSuite("no-blocking-call", __dirname);
