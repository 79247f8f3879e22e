import { ruleSuite } from "../core/testing/suite";

ruleSuite("require-timeout", __dirname);
