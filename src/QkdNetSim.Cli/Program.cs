Console.WriteLine("qkdnetsim");
