"""Demo: the winners of a past cycle, funded, with progress updates, photos and a follower."""


def seed(demo):
    pass
