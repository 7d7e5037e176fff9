package dev.esakit.bench.jmh;

import dev.esakit.engine.routing.Route;
import dev.esakit.engine.routing.RouteTable;
import dev.esakit.engine.routing.SmtpRoutesParser;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * RouteTable with 40,000 routes (half exact domains, half ".domain" partial matches, and ALL): an exact hit,
 * a subdomain that only a partial route matches, and a miss that falls through to ALL.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RouteLookupBench {
    private RouteTable table;
    private long parseMillis;

    @Setup
    public void setUp() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("d").append(i).append(".example.com 127.0.1.").append(i % 250 + 1).append(":2525/pri=0, 127.0.2.")
                    .append(i % 250 + 1).append(":2525/pri=10\n");
            text.append(".p").append(i).append(".example.org 127.0.3.").append(i % 250 + 1).append(":2525\n");
        }
        text.append("ALL 127.0.9.9:2525\n");
        long t0 = System.nanoTime();
        table = new RouteTable(SmtpRoutesParser.parse(text.toString(), "40,000 generated routes"));
        parseMillis = (System.nanoTime() - t0) / 1_000_000;
        if (table.routes().size() != 40_001) {
            throw new IllegalStateException("expected 40,001 routes, parsed " + table.routes().size());
        }
    }

    @Benchmark
    public Optional<Route> exactHit() {
        return table.lookup("d12345.example.com");
    }

    @Benchmark
    public Optional<Route> partialHitOnSubdomain() {
        return table.lookup("mx.eu.p12345.example.org");
    }

    @Benchmark
    public Optional<Route> missFallsToAll() {
        return table.lookup("nowhere.example.net");
    }
}
