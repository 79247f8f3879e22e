import { defineRule } from "../core/rule";
import { meta } from "./meta";
import { detectPythonSerialAwaits } from "./python";
import { detectSerialAwaits } from "./typescript";

export default defineRule({ meta, detectors: { typescript: detectSerialAwaits, python: detectPythonSerialAwaits } });
