package org.linkagehub.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Whether the hub takes input now. Closed while the Camel routes are not running yet (HTTP opens before Camel
 * starts, and a webhook answered then failed with "CamelContext is stopped"), from the moment the hub is asked to
 * stop, and while the data folder's disk has less free space than {@code linkage.intake.min-free-disk}. Closed
 * intake answers 503 with {@code Retry-After} ({@link IntakeGateFilter}): the platforms retry, and nothing is taken
 * that could not be kept. It opens again by itself when space returns.
 * <p>
 * On stop it is the first thing to go (the highest lifecycle phase, before the web server's graceful shutdown and
 * Camel): new input is refused, and the stop waits until every intake request already let in has been answered, so
 * none of them meets a stopping Camel. The outbox then drains once more, and Camel finishes its in-flight exchanges.
 */
@Component
public class IntakeGate implements SmartLifecycle {

    /** Stops before everything else. */
    public static final int PHASE = Integer.MAX_VALUE;
    private static final Logger log = LoggerFactory.getLogger(IntakeGate.class);
    private static final long DISK_CHECK_NANOS = Duration.ofSeconds(1).toNanos();

    /**
     * Looked up, not injected: a SmartLifecycle's constructor dependencies are started with it, and Camel started
     * that early, before Spring Boot's Camel listener has loaded the route files, runs with no routes at all.
     */
    private final ObjectProvider<CamelContext> camel;
    private final IntakeGateProperties properties;
    private final Path dataDir;
    private final ApplicationContext context;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean running;
    private volatile boolean stopping;
    private volatile long diskCheckedAt = System.nanoTime() - DISK_CHECK_NANOS;
    private volatile long usableBytes = Long.MAX_VALUE;
    private volatile boolean diskLow;
    private volatile DataSize minFreeDisk;

    public IntakeGate(ObjectProvider<CamelContext> camel, IntakeGateProperties properties, LinkageProperties linkage,
            ApplicationContext context) {
        this.camel = camel;
        this.context = context;
        this.properties = properties;
        this.dataDir = linkage.dataDir().toAbsolutePath().normalize();
        this.minFreeDisk = properties.minFreeDisk();
    }

    /** Why intake is closed now, or empty when it is open. */
    public Optional<String> closedBecause() {
        if (stopping) {
            return Optional.of("the hub is stopping");
        }
        CamelContext context = camel.getIfAvailable();
        if (context == null || !context.isStarted()) {
            return Optional.of("the hub is starting: its routes are not running yet");
        }
        refreshDisk();
        if (diskLow) {
            return Optional.of(diskMessage());
        }
        return Optional.empty();
    }

    /**
     * Lets one intake request in, or says why not. A request let in must call {@link #leave()} when answered; the
     * count is raised before the gate is looked at, so a stop either sees the request or the request sees the stop.
     */
    Optional<String> enter() {
        inFlight.incrementAndGet();
        Optional<String> closed = closedBecause();
        if (closed.isPresent()) {
            leave();
        }
        return closed;
    }

    void leave() {
        inFlight.decrementAndGet();
    }

    Duration retryAfter() {
        return properties.retryAfter();
    }

    /** The free space on the data folder's disk and the floor, for the health component. */
    public long usableBytes() {
        refreshDisk();
        return usableBytes;
    }

    public DataSize minFreeDisk() {
        return minFreeDisk;
    }

    /** Moves the floor (tests: a floor above today's free space, then back), looked at again at once. */
    void minFreeDisk(DataSize floor) {
        this.minFreeDisk = floor;
        diskCheckedAt = System.nanoTime() - DISK_CHECK_NANOS;
    }

    public Path dataDir() {
        return dataDir;
    }

    private void refreshDisk() {
        long now = System.nanoTime();
        if (now - diskCheckedAt < DISK_CHECK_NANOS) {
            return;
        }
        diskCheckedAt = now;
        try {
            usableBytes = Files.getFileStore(existing(dataDir)).getUsableSpace();
        } catch (IOException e) {
            log.warn("Cannot read the free space of {}: {}", dataDir, e.toString());
            return;
        }
        boolean low = usableBytes < minFreeDisk.toBytes();
        if (low != diskLow) {
            diskLow = low;
            if (low) {
                log.error("Intake closed: {}", diskMessage());
            } else {
                log.info("Intake open again: {} MB free on the data folder's disk ({}), floor {} MB",
                        usableBytes >> 20, dataDir, minFreeDisk.toMegabytes());
            }
        }
    }

    private String diskMessage() {
        return "free disk on the data folder's disk (" + dataDir + ") is " + (usableBytes >> 20)
                + " MB, below linkage.intake.min-free-disk (" + minFreeDisk.toMegabytes()
                + " MB): intake answers 503 until space returns";
    }

    private static Path existing(Path path) {
        Path p = path;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? Path.of(".").toAbsolutePath() : p;
    }

    /**
     * The earliest sign of a stop, before any lifecycle phase: refuse from here on. Only this hub's own context: a
     * child context's close reaches the parent's listeners too.
     */
    @EventListener(ContextClosedEvent.class)
    public void closing(ContextClosedEvent event) {
        if (event.getApplicationContext() == context) {
            stopping = true;
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        stopping = true;
        long deadline = System.nanoTime() + properties.drainTimeout().toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            // a bounded wait for the requests let in before the stop (a few ms each)
            LockSupport.parkNanos(10_000_000);
        }
        if (inFlight.get() > 0) {
            log.warn("{} intake request(s) still running after {}: stopping anyway", inFlight.get(),
                    properties.drainTimeout());
        } else {
            log.info("Intake closed for the stop; every request let in has been answered");
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
