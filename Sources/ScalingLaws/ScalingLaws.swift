// ScalingLaws
