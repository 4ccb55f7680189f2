import Logging
import Foundation
import Hummingbird
import IssuerEngine
import IssuerStore

extension IssuerConsole {
    /// GET /console/queue: jobs per kind and state, oldest due job, throughput and error rate, dead letters,
    /// nodes (circuit breaker, latency, last error) and the jobs table's dead tuples. Refreshes itself.
    func queuePage(_ visitor: Visitor) async throws -> Response {
        let health = try await store.session.queueHealth(window: configuration.healthWindow)
        let states = JobState.allCases
        let kinds = Array(Set(health.counts.map(\.kind))).sorted()
        var byKind: [String: [JobState: Int]] = [:]
        for row in health.counts { byKind[row.kind, default: [:]][row.state, default: 0] += row.count }
        let rows: [[String: Any]] = kinds.map { kind in
            ["kind": kind, "cells": states.map { ConsoleFormat.count(byKind[kind]?[$0] ?? 0) },
             "total": ConsoleFormat.count(byKind[kind]?.values.reduce(0, +) ?? 0)]
        }
        let totals = states.map { state in ConsoleFormat.count(health.counts.filter { $0.state == state }.reduce(0) { $0 + $1.count }) }
        let nodes: [[String: Any]] = (await pool?.statuses() ?? []).map { node in
            ["url": node.url, "breaker": node.breaker.rawValue, "healthy": node.breaker == .closed,
             "latency": String(format: "%.1f ms", node.latencyMs), "requests": ConsoleFormat.count(node.requests),
             "failures": ConsoleFormat.count(node.failures), "lastError": node.lastError ?? "—"]
        }
        let dead: [[String: Any]] = health.deadLetters.sorted { $0.key < $1.key }.map {
            ["reason": $0.key, "count": ConsoleFormat.count($0.value)]
        }
        let minutes = health.window / 60
        let attempts = health.completedInWindow + health.failedInWindow
        let data: [String: Any] = [
            "title": "Queue health", "refresh": configuration.refreshSeconds, "now": ConsoleFormat.time(Date()),
            "states": states.map(\.rawValue), "rows": rows, "totals": totals, "hasJobs": !rows.isEmpty,
            "oldestDue": health.oldestDueAge > 0 ? ConsoleFormat.duration(health.oldestDueAge) : "none due",
            "oldestLate": health.oldestDueAge > 300,
            "throughput": String(format: "%.1f", Double(health.completedInWindow) / minutes),
            "completed": ConsoleFormat.count(health.completedInWindow), "failed": ConsoleFormat.count(health.failedInWindow),
            "errorRate": ConsoleFormat.percent(health.failedInWindow, of: attempts),
            "window": ConsoleFormat.duration(health.window),
            "deadLetters": dead, "hasDeadLetters": !dead.isEmpty,
            "nodes": nodes, "hasNodes": !nodes.isEmpty,
            "liveTuples": ConsoleFormat.count(health.liveTuples), "deadTuples": ConsoleFormat.count(health.deadTuples),
            "deadRatio": ConsoleFormat.percent(health.deadTuples, of: health.liveTuples + health.deadTuples),
            "lastVacuum": ConsoleFormat.time(health.lastVacuum),
        ]
        return page("queue", data, visitor: visitor)
    }
}
