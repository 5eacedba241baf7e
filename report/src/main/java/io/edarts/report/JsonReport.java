package io.edarts.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.edarts.cam.AtomicFiles;
import io.edarts.cam.Counters;
import io.edarts.scheduler.RunResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@code report.json}, schema version {@value #SCHEMA_VERSION} (documented in
 * {@code docs/report-schema.md}), with Jackson's streaming generator. Keys come in a fixed order and
 * numbers in a fixed format, so two runs of the same program, machine and seed give byte-identical
 * files apart from {@code host}.
 */
public final class JsonReport {
    public static final int SCHEMA_VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory();

    private JsonReport() {}

    /** Writes the report to {@code path} through a temporary file moved into place. */
    public static void write(RunResult r, Path path) {
        try {
            AtomicFiles.write(path, os -> write(r, os, true));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + path + ": " + e.getMessage(), e);
        }
    }

    /** The report as a string; without {@code host} when {@code withHost} is false. */
    public static String toJson(RunResult r, boolean withHost) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try {
            write(r, bos, withHost);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toString(StandardCharsets.UTF_8);
    }

    private static void write(RunResult r, OutputStream os, boolean withHost) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(os, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("schemaVersion", SCHEMA_VERSION);
            g.writeStringField("program", r.program());
            g.writeObjectFieldStart("parameters");
            for (Map.Entry<String, String> e : new TreeMap<>(r.parameters()).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("machine");
            g.writeStringField("name", r.machine());
            g.writeArrayFieldStart("overrides");
            for (String o : r.machineOverrides()) {
                g.writeString(o);
            }
            g.writeEndArray();
            g.writeStringField("target", r.target());
            g.writeNumberField("rows", r.rows());
            g.writeNumberField("cols", r.cols());
            g.writeNumberField("clockMhz", r.clockMhz());
            g.writeEndObject();
            g.writeStringField("policy", r.policy());
            g.writeNumberField("seed", r.seed());
            g.writeNumberField("makespanCycles", r.makespanCycles());
            g.writeNumberField("makespanMicros", round3(r.makespanMicros()));
            g.writeObjectFieldStart("codelets");
            g.writeNumberField("fired", r.codeletsFired());
            g.writeNumberField("unfired", r.unfiredCount());
            g.writeEndObject();
            g.writeArrayFieldStart("cores");
            for (RunResult.CoreReport c : r.cores()) {
                g.writeStartObject();
                g.writeNumberField("id", c.id());
                g.writeNumberField("row", c.row());
                g.writeNumberField("col", c.col());
                g.writeStringField("role", c.role());
                g.writeNumberField("busyCycles", c.busyCycles());
                g.writeNumberField("idleCycles", c.idleCycles());
                g.writeNumberField("fired", c.fired());
                g.writeNumberField("utilisation", round3(c.utilisation(r.makespanCycles())));
                g.writeEndObject();
            }
            g.writeEndArray();
            RunResult.SchedulingReport s = r.scheduling();
            g.writeObjectFieldStart("scheduling");
            g.writeNumberField("decisions", s.decisions());
            g.writeNumberField("suBusyCycles", s.suBusyCycles());
            g.writeNumberField("dispatchLatencyCycles", s.dispatchLatencyCycles());
            g.writeNumberField("signalLatencyCycles", s.signalLatencyCycles());
            g.writeObjectFieldStart("readyWaitCycles");
            g.writeNumberField("mean", s.waitMean());
            g.writeNumberField("p50", s.waitP50());
            g.writeNumberField("p90", s.waitP90());
            g.writeNumberField("p99", s.waitP99());
            g.writeNumberField("max", s.waitMax());
            g.writeEndObject();
            io.edarts.cam.FiringCost w = r.work();
            g.writeObjectFieldStart("firingCycles");
            g.writeNumberField("dispatch", w.dispatch());
            g.writeNumberField("code", w.code());
            g.writeNumberField("body", w.body());
            g.writeNumberField("signal", w.signal());
            g.writeNumberField("total", w.total());
            g.writeNumberField("ideal", w.ideal());
            g.writeEndObject();
            g.writeNumberField("overheadFraction", round3(r.overheadFraction()));
            g.writeNumberField("slowdownVsIdealWork", round3(r.slowdownVsIdealWork()));
            g.writeObjectFieldStart("steals");
            g.writeNumberField("attempted", s.stealsAttempted());
            g.writeNumberField("succeeded", s.stealsSucceeded());
            g.writeEndObject();
            g.writeNumberField("cuSidePlacements", s.cuSidePlacements());
            g.writeEndObject();
            g.writeArrayFieldStart("counters");
            for (RunResult.CoreReport c : r.cores()) {
                Counters k = c.counters();
                g.writeStartObject();
                g.writeNumberField("core", c.id());
                g.writeNumberField("clock", k.clock);
                g.writeNumberField("idle", k.idle);
                g.writeNumberField("ialu", k.ialu);
                g.writeNumberField("fpu", k.fpu);
                g.writeNumberField("dualIssue", k.dualIssue);
                g.writeNumberField("loadStalls", k.loadStalls);
                g.writeNumberField("regDepStalls", k.regDepStalls);
                g.writeNumberField("extFetchStalls", k.extFetchStalls);
                g.writeNumberField("extLoadStalls", k.extLoadStalls);
                g.writeNumberField("meshBytes", k.meshBytes);
                g.writeNumberField("meshWait", k.meshWait);
                g.writeNumberField("dmaTransfers", k.dmaTransfers);
                g.writeNumberField("dmaBytes", k.dmaBytes);
                g.writeNumberField("dmaBusy", k.dmaBusy);
                g.writeNumberField("dmaQueueWait", k.dmaQueueWait);
                g.writeNumberField("dmaFireWait", k.dmaFireWait);
                g.writeEndObject();
            }
            g.writeEndArray();
            io.edarts.cam.CodeStats total = new io.edarts.cam.CodeStats();
            for (RunResult.CoreReport c : r.cores()) {
                total.add(c.code());
            }
            g.writeObjectFieldStart("cache");
            writeCode(g, total);
            g.writeArrayFieldStart("cores");
            for (RunResult.CoreReport c : r.cores()) {
                g.writeStartObject();
                g.writeNumberField("core", c.id());
                writeCode(g, c.code());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            long linkBytes = 0;
            long busiest = 0;
            for (RunResult.LinkReport l : r.links()) {
                if (l.from() != l.to()) { // ports into a node carry again what links between nodes did
                    linkBytes += l.bytes();
                }
                busiest = Math.max(busiest, l.busyCycles());
            }
            g.writeObjectFieldStart("mesh");
            g.writeNumberField("linkBytes", linkBytes);
            g.writeNumberField("busiestLinkCycles", busiest);
            g.writeNumberField("busiestLinkUtilisation", round3(r.makespanCycles() == 0 ? 0 : (double) busiest / r.makespanCycles()));
            g.writeArrayFieldStart("links");
            for (RunResult.LinkReport l : r.links()) {
                g.writeStartObject();
                g.writeNumberField("from", l.from());
                g.writeNumberField("to", l.to());
                g.writeStringField("mesh", l.mesh());
                g.writeNumberField("bytes", l.bytes());
                g.writeNumberField("busyCycles", l.busyCycles());
                g.writeNumberField("waitCycles", l.waitCycles());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            RunResult.MemoryReport mem = r.memory() == null ? RunResult.MemoryReport.NONE : r.memory();
            g.writeObjectFieldStart("memory");
            g.writeBooleanField("budgeted", mem.budgeted());
            g.writeNumberField("externalPeakBytes", mem.externalPeakBytes());
            g.writeArrayFieldStart("cores");
            for (io.edarts.cam.CoreMemory c : mem.cores()) {
                g.writeStartObject();
                g.writeNumberField("core", c.core());
                g.writeNumberField("capacityBytes", c.capacityBytes());
                g.writeNumberField("runtimeBytes", c.runtimeBytes());
                g.writeNumberField("stackBytes", c.stackBytes());
                g.writeNumberField("codeBytes", c.codeBytes());
                g.writeNumberField("dataBytes", c.dataBytes());
                g.writeNumberField("peakDataBytes", c.peakDataBytes());
                g.writeNumberField("freeBytes", c.freeBytes());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            RunResult.HostCallReport hc = r.hostCalls() == null ? RunResult.HostCallReport.NONE : r.hostCalls();
            g.writeObjectFieldStart("hostCalls");
            g.writeNumberField("count", hc.count());
            g.writeNumberField("failed", hc.failed());
            g.writeNumberField("meanWaitCycles", hc.meanWaitCycles());
            g.writeNumberField("p99WaitCycles", hc.p99WaitCycles());
            g.writeNumberField("maxWaitCycles", hc.maxWaitCycles());
            g.writeNumberField("printedLines", hc.lines().size());
            g.writeEndObject();
            // only a run that offloaded has the block, so the reports of every other run stay as they were
            if (hc.units().stream().anyMatch(u -> u.calls() > 0)) {
                g.writeArrayFieldStart("units");
                for (RunResult.UnitReport u : hc.units()) {
                    g.writeStartObject();
                    g.writeStringField("name", u.name());
                    g.writeStringField("kind", u.kind());
                    g.writeStringField("attachment", u.attachment());
                    g.writeNumberField("calls", u.calls());
                    g.writeNumberField("inputBytes", u.inputBytes());
                    g.writeNumberField("outputBytes", u.outputBytes());
                    g.writeNumberField("busyCycles", u.busyCycles());
                    g.writeNumberField("utilisation", r.makespanCycles() == 0 ? 0
                            : Math.round(1000.0 * u.busyCycles() / r.makespanCycles()) / 1000.0);
                    g.writeNumberField("cycles", u.cycles());
                    g.writeObjectFieldStart("phases");
                    for (io.edarts.cam.OffloadCost.Phase ph : u.phases()) {
                        g.writeNumberField(ph.name(), ph.cycles());
                    }
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (hc.offload() != null) {
                writeOffload(g, hc.offload());
            }
            if (r.prelude() != null) {
                writePrelude(g, r.prelude(), r.clockMhz());
            }
            if (r.stream() != null) {
                writeStream(g, r.stream());
            }
            g.writeObjectFieldStart("result");
            g.writeStringField("status", r.status().json());
            g.writeStringField("check", r.check().status().name().toLowerCase(java.util.Locale.ROOT));
            g.writeStringField("message", r.message());
            g.writeArrayFieldStart("unfired");
            for (String u : r.unfired()) {
                g.writeString(u);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("frames");
            for (String f : r.failureFrames()) {
                g.writeString(f);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeNumberField("traceEvents", r.traceEvents());
            if (withHost && r.host() != null) {
                g.writeObjectFieldStart("host");
                g.writeNumberField("wallMillis", r.host().wallMillis());
                g.writeNumberField("hostThreads", r.host().hostThreads());
                g.writeNumberField("heapUsedBytes", r.host().heapUsedBytes());
                g.writeEndObject();
            }
            g.writeEndObject();
        }
    }

    /** What {@code --offload auto} chose, and why: only in a run that chose (docs/report-schema.md). */
    private static void writeOffload(JsonGenerator g, RunResult.OffloadReport o) throws IOException {
        g.writeObjectFieldStart("offload");
        g.writeStringField("mode", o.mode());
        g.writeObjectFieldStart("firings");
        g.writeNumberField("software", o.softwareFirings());
        g.writeNumberField("accelerator", o.acceleratorFirings());
        g.writeEndObject();
        g.writeArrayFieldStart("buckets");
        for (RunResult.OffloadBucket b : o.buckets()) {
            g.writeStartObject();
            g.writeStringField("codeObject", b.codeObject());
            g.writeStringField("unit", b.unit());
            g.writeNumberField("fromBytes", b.fromBytes());
            g.writeNumberField("toBytes", b.toBytes());
            g.writeObjectFieldStart("software");
            g.writeNumberField("samples", b.softwareSamples());
            g.writeNumberField("meanCycles", b.softwareMeanCycles());
            g.writeEndObject();
            g.writeObjectFieldStart("accelerator");
            g.writeNumberField("samples", b.acceleratorSamples());
            g.writeNumberField("meanCoreCycles", b.acceleratorMeanCoreCycles());
            g.writeNumberField("meanWaitCycles", b.acceleratorMeanWaitCycles());
            g.writeNumberField("callCycles", b.callCycles());
            g.writeEndObject();
            g.writeArrayFieldStart("decisions");
            for (RunResult.OffloadDecision d : b.decisions()) {
                g.writeStartObject();
                g.writeStringField("reason", d.reason());
                g.writeStringField("body", d.body());
                g.writeNumberField("count", d.count());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** {@code launch}, {@code host-node} and {@code image}: what loaded the program before it started. */
    private static void writePrelude(JsonGenerator g, io.edarts.scheduler.Prelude p, double mhz) throws IOException {
        g.writeObjectFieldStart("launch");
        g.writeStringField("procedure", p.procedure());
        g.writeNumberField("cycles", p.cycles());
        g.writeNumberField("micros", round3(p.cycles() / mhz));
        g.writeNumberField("onChipCopies", p.onChip().copies());
        g.writeNumberField("onChipBytes", p.onChip().bytes());
        g.writeNumberField("onChipRounds", p.onChip().rounds());
        g.writeNumberField("onChipSignals", p.onChip().signals());
        g.writeEndObject();
        io.edarts.scheduler.Prelude.HostNode h = p.host();
        g.writeObjectFieldStart("host-node");
        g.writeStringField("name", h.name());
        g.writeNumberField("clockMhz", h.clockMhz());
        g.writeNumberField("busyCycles", h.busyCycles());
        g.writeNumberField("spanCount", h.spanCount());
        g.writeNumberField("bytesToLocal", h.bytesToLocal());
        g.writeNumberField("bytesFromLocal", h.bytesFromLocal());
        g.writeNumberField("bytesToExternal", h.bytesToExternal());
        g.writeNumberField("bytesFromExternal", h.bytesFromExternal());
        g.writeNumberField("calls", h.calls());
        g.writeNumberField("callBusyCycles", h.callBusyCycles());
        g.writeArrayFieldStart("spans");
        for (io.edarts.scheduler.Prelude.HostSpan s : h.spans()) {
            g.writeStartObject();
            g.writeStringField("kind", s.kind());
            g.writeStringField("what", s.what());
            g.writeNumberField("start", s.start());
            g.writeNumberField("end", s.end());
            g.writeNumberField("core", s.core());
            g.writeNumberField("bytes", s.bytes());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeObjectFieldStart("image");
        g.writeArrayFieldStart("sections");
        for (io.edarts.scheduler.Prelude.ImageSection s : p.image()) {
            g.writeStartObject();
            g.writeStringField("name", s.name());
            g.writeStringField("memory", s.memory());
            g.writeStringField("address", s.address() < 0 ? "" : String.format(java.util.Locale.ROOT, "0x%08x", s.address()));
            g.writeNumberField("segmentBytes", s.segmentBytes());
            g.writeNumberField("bytes", s.bytes());
            g.writeNumberField("cores", s.cores());
            g.writeBooleanField("loaded", s.loaded());
            g.writeStringField("holds", s.holds());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeCode(JsonGenerator g, io.edarts.cam.CodeStats c) throws IOException {
        g.writeNumberField("hits", c.hits);
        g.writeNumberField("misses", c.misses);
        g.writeNumberField("evictions", c.evictions);
        g.writeNumberField("bytesCopied", c.bytesCopied);
        g.writeNumberField("inPlaceExecutions", c.inPlace);
        g.writeNumberField("pltPatches", c.pltPatches);
        g.writeNumberField("pltRestores", c.pltRestores);
        g.writeNumberField("dynamicFirstCalls", c.dynamicFirstCalls);
        g.writeNumberField("dynamicCalls", c.dynamicCalls);
        g.writeNumberField("codeCycles", c.cycles);
    }

    /** Three decimals, rounded half-up, so the printed form never depends on floating noise. */
    static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    /** {@code stream}: a streamed run's instances, throughput and latency distributions. */
    private static void writeStream(JsonGenerator g, io.edarts.scheduler.StreamReport s) throws IOException {
        g.writeObjectFieldStart("stream");
        g.writeNumberField("instances", s.instances().size());
        g.writeNumberField("completed", s.completed());
        g.writeNumberField("inFlight", s.inFlight());
        g.writeNumberField("mostInFlight", s.mostInFlight());
        g.writeStringField("arrivals", s.arrivals());
        g.writeNumberField("spanCycles", s.spanCycles());
        g.writeNumberField("throughputPerMillionCycles", round3(s.throughputPerMillionCycles()));
        writeDistribution(g, "latencyCycles", s.latency());
        writeDistribution(g, "queueingCycles", s.queueing());
        writeDistribution(g, "serviceCycles", s.service());
        g.writeArrayFieldStart("perInstance");
        for (io.edarts.scheduler.StreamReport.Instance i : s.instances()) {
            g.writeStartObject();
            g.writeNumberField("index", i.index());
            g.writeNumberField("arrival", i.arrivalCycle());
            g.writeNumberField("admitted", i.admittedCycle());
            g.writeNumberField("completed", i.completedCycle());
            g.writeStringField("check", i.check());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeDistribution(JsonGenerator g, String name, io.edarts.scheduler.StreamReport.Distribution d)
            throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("mean", d.mean());
        g.writeNumberField("p50", d.p50());
        g.writeNumberField("p90", d.p90());
        g.writeNumberField("p99", d.p99());
        g.writeNumberField("max", d.max());
        g.writeEndObject();
    }
}
