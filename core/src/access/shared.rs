//! serde helpers for the `Arc` fields of [`crate::access::Decision`]: a decision shares the
//! per-service texts and lists precomputed in the policy instead of copying them (a decision
//! costs a few reference-count increments, no allocation). The JSON is the plain value.

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub(crate) mod arc {
    use super::*;

    pub fn serialize<T: Serialize + ?Sized, S: Serializer>(v: &Arc<T>, s: S) -> Result<S::Ok, S::Error> {
        (**v).serialize(s)
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Arc<T>, D::Error> {
        T::deserialize(d).map(Arc::new)
    }
}

pub(crate) mod arc_slice {
    use super::*;

    pub fn serialize<T: Serialize, S: Serializer>(v: &Arc<[T]>, s: S) -> Result<S::Ok, S::Error> {
        (**v).serialize(s)
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Arc<[T]>, D::Error> {
        Vec::<T>::deserialize(d).map(Arc::from)
    }
}
