package io.qcmcp.client;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The operations of one tag of openapi/quantconnect.yaml. Each tag's generated {@code ...ApiOperations} class is
 * one such bean, and the app finds them all through compile-time dependency injection. One bean per tag, not
 * per operation: on Lambda every singleton is built at start, and one bean definition per operation cost about
 * 30 ms (4%) of a cold start (docs/performance.md).
 */
public interface OperationGroup {

    List<Operation> operations();

    /** Every operation of these groups, sorted by name. */
    static List<Operation> all(Collection<? extends OperationGroup> groups) {
        return groups.stream()
                .flatMap(group -> group.operations().stream())
                .sorted(Comparator.comparing(Operation::name))
                .toList();
    }
}
