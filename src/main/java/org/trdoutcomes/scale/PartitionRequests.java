package org.trdoutcomes.scale;

import org.springframework.batch.integration.partition.StepExecutionRequest;

/**
 * A partition request on the wire: {@code <step execution id> <worker step name>} as a text message. Text, not Java
 * serialization: a worker never deserializes objects off a shared broker, and a request can be read in the RabbitMQ
 * console.
 */
final class PartitionRequests {
    private PartitionRequests() {
    }

    static String encode(StepExecutionRequest request) {
        return request.getStepExecutionId() + " " + request.getStepName();
    }

    static StepExecutionRequest decode(String text) {
        String[] parts = text.strip().split(" ", 2);
        if (parts.length != 2 || !parts[0].chars().allMatch(Character::isDigit) || parts[0].isEmpty()) {
            throw new IllegalArgumentException("Not a partition request: '" + text + "'");
        }
        return new StepExecutionRequest(parts[1], Long.parseLong(parts[0]));
    }
}
