package dev.esakit.harness.world;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out loopback addresses (127.1.0.1, 127.1.0.2, ...) so that every host of every scenario in this JVM
 * has its own address, and scenarios running side by side never meet. Ports come from the kernel (0).
 */
public final class Loopback {
    private static final AtomicInteger NEXT = new AtomicInteger();

    private Loopback() {
    }

    public static String nextAddress() {
        int n = NEXT.getAndIncrement() % (250 * 250);
        return "127.1." + (n / 250) + "." + (n % 250 + 1);
    }
}
